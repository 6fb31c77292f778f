import { type Clock, systemClock } from "../../core/ports/clock";
import type { FetchOutcome, PageFetcher } from "../../core/ports/fetcher";
import { decodeHtml } from "../../core/research/charset";
import { checkUrl } from "../../core/research/ssrf";
import { readCapped } from "./body";
import { HostPacer, realSleep, type Sleep } from "./pacing";
import { type GuardedResult, guardedRequest } from "./redirects";
import { RobotsCache, type RobotsFile } from "./robots";

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface PageFetcherOptions {
  fetch: FetchFn;
  userAgent: string;
  /** `host:port` pairs the SSRF guard lets through (local development and demos only). */
  allow?: Set<string>;
  /** Whole fetch, redirects and body included. */
  timeoutMs?: number;
  /** Until response headers arrive, per hop (Workers exposes no separate connect phase). */
  connectTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  clock?: Clock;
  sleep?: Sleep;
  /** Makes the signals that end a slow request; tests pass their own to abort without waiting. */
  timeoutSignal?: (ms: number) => AbortSignal;
  pacer?: HostPacer;
  robots?: RobotsCache;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
const ROBOTS_MAX_BYTES = 512 * 1024;

/** The PageFetcher on a `fetch` function: SSRF-guarded, robots.txt-abiding, paced, bounded in time and size. */
export class SafePageFetcher implements PageFetcher {
  private readonly options: Required<PageFetcherOptions>;

  constructor(options: PageFetcherOptions) {
    const clock = options.clock ?? systemClock;
    const sleep = options.sleep ?? realSleep;
    this.options = {
      allow: new Set(),
      timeoutMs: 15_000,
      connectTimeoutMs: 5_000,
      maxBytes: 5 * 1024 * 1024,
      maxRedirects: 5,
      timeoutSignal: (ms) => AbortSignal.timeout(ms),
      pacer: new HostPacer(1000, clock, sleep),
      robots: new RobotsCache(clock),
      ...definedOnly(options),
      fetch: options.fetch,
      userAgent: options.userAgent,
      clock,
      sleep,
    };
  }

  async fetch(url: string): Promise<FetchOutcome> {
    try {
      return await this.fetchPage(url);
    } catch (error) {
      return {
        ok: false,
        url,
        reason: "network_error",
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private async fetchPage(url: string): Promise<FetchOutcome> {
    const { maxBytes, userAgent, robots, clock } = this.options;
    const deadline = this.options.timeoutSignal(this.options.timeoutMs);
    const result = await this.request(url, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", deadline, async (hop) =>
      (await robots.isAllowed(hop, userAgent, (robotsUrl) => this.loadRobots(robotsUrl)))
        ? undefined
        : { reason: "blocked_by_robots", detail: `robots.txt disallows ${hop.pathname} for this crawler` },
    );
    if (!result.ok) return { ...result, url };
    const { response, finalUrl } = result;
    if (response.status >= 400) {
      await response.body?.cancel().catch(() => undefined);
      const reason = response.status >= 500 ? "http_5xx" : "http_4xx";
      return { ok: false, url, reason, status: response.status, detail: `the server answered ${response.status}` };
    }
    const contentType = response.headers.get("content-type") ?? "";
    const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    if (!HTML_TYPES.has(mediaType)) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, url, reason: "not_html", status: response.status, detail: `content type "${mediaType}"` };
    }
    const body = await readCapped(response, maxBytes, deadline);
    if (!body.ok) return { ok: false, url, reason: body.reason, detail: body.detail, status: response.status };
    const html = decodeHtml(body.bytes, contentType);
    return {
      ok: true,
      url,
      finalUrl,
      status: response.status,
      contentType,
      html,
      fetchedAt: new Date(clock.now()).toISOString(),
    };
  }

  private async loadRobots(robotsUrl: string): Promise<RobotsFile> {
    const deadline = this.options.timeoutSignal(this.options.connectTimeoutMs);
    const result = await this.request(robotsUrl, "text/plain,*/*;q=0.5", deadline);
    if (!result.ok)
      return result.reason === "timeout" || result.reason === "network_error"
        ? { kind: "unavailable" }
        : { kind: "missing" };
    const { status } = result.response;
    if (status >= 500) return { kind: "unavailable" };
    if (status >= 400) return { kind: "missing" };
    const body = await readCapped(result.response, ROBOTS_MAX_BYTES, deadline);
    // RFC 9309 lets a crawler stop at 500 KiB; an oversized file is read as if it had no rules.
    if (!body.ok) return body.reason === "too_large" ? { kind: "missing" } : { kind: "unavailable" };
    return { kind: "found", text: new TextDecoder().decode(body.bytes) };
  }

  private request(
    url: string,
    accept: string,
    deadline: AbortSignal,
    beforeHop?: Parameters<typeof guardedRequest>[1]["beforeHop"],
  ): Promise<GuardedResult> {
    const { allow, maxRedirects, pacer, connectTimeoutMs, timeoutSignal, userAgent } = this.options;
    return guardedRequest(url, {
      fetch: this.options.fetch,
      check: (hop) => checkUrl(hop, allow),
      beforeHop,
      pace: (hop) => pacer.wait(hop.host),
      maxRedirects,
      headers: { "user-agent": userAgent, accept },
      signal: () => AbortSignal.any([deadline, timeoutSignal(connectTimeoutMs)]),
      deadline,
    });
  }
}

/** Options a caller left undefined must not override the defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
