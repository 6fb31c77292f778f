import type { Cache } from "../../core/ports/cache";
import { type Clock, systemClock } from "../../core/ports/clock";
import type { FetchOutcome, NotModified, PageFetcher, Validators } from "../../core/ports/fetcher";
import { decodeHtml } from "../../core/research/charset";
import { declaredMediaType, looksLikeHtml, UNDECLARED_TYPES } from "../../core/research/sniff";
import { checkUrl } from "../../core/research/ssrf";
import {
  type AiUse,
  aiUseOfMeta,
  aiUseOfRobotsTag,
  aiUseOfTdmHeader,
  aiUseOfUsage,
  combineAiUse,
} from "../../core/research/usage-preferences";
import { retryAfterMs } from "../retry-after";
import { readCapped } from "./body";
import { HostPacer, type Pacer, realSleep, type Sleep } from "./pacing";
import { type FetchFn, type GuardedResult, guardedRequest } from "./redirects";
import { RobotsCache, type RobotsFile } from "./robots";

export interface PageFetcherOptions {
  fetch: FetchFn;
  userAgent: string;
  /** `host:port` pairs the SSRF guard lets through (local development and demos only). */
  allow?: Set<string>;
  /** Whole fetch, redirects and body included. */
  timeoutMs?: number;
  /** Until response headers arrive, per hop (Workers exposes no separate connect phase); the body has the rest of `timeoutMs`. */
  connectTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  clock?: Clock;
  sleep?: Sleep;
  /** Makes the signals that end a slow request; tests pass their own to abort without waiting. */
  timeoutSignal?: (ms: number) => AbortSignal;
  pacer?: Pacer;
  robots?: RobotsCache;
  /** Where robots.txt files are shared across isolates (absent: this isolate only). */
  cache?: Cache;
  /**
   * A page that answers 429, 502, 503 or 504 is asked once more after its `Retry-After`, or after 0.25–0.75 s
   * when it names none, if that wait is at most this long (default 5 s) and fits in the fetch's time.
   */
  retryMaxWaitMs?: number;
  random?: () => number;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
/** Why a page a site declines for generative AI is not used, with the statement that declines it. */
const declined = (aiUse: AiUse) => `the site declines the use of this page as input to generative AI (${aiUse.via})`;

/** Answers that say "not now" rather than "no": a site's rate limit and a gateway or server that is briefly down. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const ROBOTS_MAX_BYTES = 512 * 1024;

/** The PageFetcher on a `fetch` function: SSRF-guarded, robots.txt-abiding, paced, bounded in time and size. */
export class SafePageFetcher implements PageFetcher {
  private readonly options: Required<Omit<PageFetcherOptions, "cache">> & Pick<PageFetcherOptions, "cache">;

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
      retryMaxWaitMs: 5_000,
      random: Math.random,
      ...definedOnly(options),
      fetch: options.fetch,
      userAgent: options.userAgent,
      clock,
      sleep,
    };
  }

  fetch(url: string): Promise<FetchOutcome> {
    return this.fetchOrFail(url) as Promise<FetchOutcome>;
  }

  revalidate(url: string, validators: Validators): Promise<FetchOutcome | NotModified> {
    return this.fetchOrFail(url, validators);
  }

  private async fetchOrFail(url: string, validators?: Validators): Promise<FetchOutcome | NotModified> {
    try {
      return await this.fetchPage(url, validators);
    } catch (error) {
      return {
        ok: false,
        url,
        reason: "network_error",
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private async fetchPage(url: string, validators?: Validators): Promise<FetchOutcome | NotModified> {
    const { maxBytes, userAgent, robots, clock, cache } = this.options;
    const loadRobots = (robotsUrl: string) => this.loadRobots(robotsUrl);
    const deadline = this.options.timeoutSignal(this.options.timeoutMs);
    const deadlineAt = clock.now() + this.options.timeoutMs;
    const conditional: Record<string, string> = {
      ...(validators?.etag ? { "if-none-match": validators.etag } : {}),
      ...(validators?.lastModified ? { "if-modified-since": validators.lastModified } : {}),
    };
    const attempt = () =>
      this.request(
        url,
        "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        { signal: deadline, at: deadlineAt },
        async (hop) => {
          if (!(await robots.isAllowed(hop, userAgent, loadRobots, cache)))
            return { reason: "blocked_by_robots", detail: `robots.txt disallows ${hop.pathname} for this crawler` };
          // A page robots.txt says must not be fed to generative AI is not even requested.
          const aiUse = await robots.aiUse(hop, userAgent, loadRobots, cache);
          return aiUse.preference === "disallow" ? { reason: "ai_use_declined", detail: declined(aiUse) } : undefined;
        },
        conditional,
        async (hop) => robots.crawlDelayMs(hop, userAgent, loadRobots, cache),
      );
    const started = clock.now();
    let result = await attempt();
    let retried = "";
    if (result.ok && RETRY_STATUSES.has(result.response.status)) {
      const wait = this.retryWait(result.response, started);
      if (typeof wait === "number") {
        await result.response.body?.cancel().catch(() => undefined);
        await this.options.sleep(wait);
        retried = `, also when asked again after ${(wait / 1000).toFixed(1)} s`;
        result = await attempt();
      } else retried = wait;
    }
    if (!result.ok) return { ...result, url };
    const { response, finalUrl } = result;
    const etag = response.headers.get("etag") ?? undefined;
    const lastModified = response.headers.get("last-modified") ?? undefined;
    const freshness = { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
    // robots.txt's preference for every hop was read before it was requested; the page's own headers come with it,
    // on a 304 too, which may say what the copy cached from it no longer may be used for.
    const headerUse = this.aiUseOfHeaders(response.headers);
    if (response.status === 304 && validators) {
      await response.body?.cancel().catch(() => undefined);
      if (headerUse.preference === "disallow")
        return { ok: false, url, reason: "ai_use_declined", status: 304, detail: declined(headerUse) };
      return { ok: "not_modified", url, finalUrl, ...freshness };
    }
    if (response.status >= 400) {
      await response.body?.cancel().catch(() => undefined);
      const reason = response.status >= 500 ? "http_5xx" : "http_4xx";
      const detail = `the server answered ${response.status}${retried}`;
      return { ok: false, url, reason, status: response.status, detail };
    }
    if (headerUse.preference === "disallow") {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, url, reason: "ai_use_declined", status: response.status, detail: declined(headerUse) };
    }
    const contentType = response.headers.get("content-type") ?? "";
    const mediaType = declaredMediaType(contentType);
    const undeclared = UNDECLARED_TYPES.has(mediaType);
    if (!HTML_TYPES.has(mediaType) && !undeclared) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, url, reason: "not_html", status: response.status, detail: `content type "${mediaType}"` };
    }
    const body = await readCapped(response, maxBytes, deadline);
    if (!body.ok) return { ok: false, url, reason: body.reason, detail: body.detail, status: response.status };
    if (undeclared && !looksLikeHtml(body.bytes)) {
      const detail = `no content type${mediaType ? ` ("${mediaType}")` : ""}, and the body does not start as HTML does`;
      return { ok: false, url, reason: "not_html", status: response.status, detail };
    }
    const html = decodeHtml(body.bytes, contentType);
    const metaUse = aiUseOfMeta(html, userAgent);
    if (metaUse.preference === "disallow")
      return { ok: false, url, reason: "ai_use_declined", status: response.status, detail: declined(metaUse) };
    return {
      ok: true,
      url,
      finalUrl,
      status: response.status,
      contentType,
      html,
      fetchedAt: new Date(clock.now()).toISOString(),
      ...freshness,
    };
  }

  /** What a response's `Content-Usage`, `X-Robots-Tag` and `tdm-reservation` headers say of feeding the page to a generative model. */
  private aiUseOfHeaders(headers: Headers): AiUse {
    return combineAiUse(
      aiUseOfUsage(headers.get("content-usage"), '"Content-Usage" header'),
      aiUseOfRobotsTag(headers.get("x-robots-tag"), this.options.userAgent),
      aiUseOfTdmHeader(headers.get("tdm-reservation")),
    );
  }

  /**
   * How long to wait before asking a page that said "not now" once more: its `Retry-After`, else a short jittered
   * pause; or, when that is longer than this fetcher waits or than the fetch has left, why it is not asked again.
   * One retry in place, with the fetcher's own sleep and clock, is all a page read needs; the LLM calls' longer
   * retry policies are the provider adapter's.
   */
  private retryWait(response: Response, started: number): number | string {
    const { clock, random, retryMaxWaitMs, timeoutMs, connectTimeoutMs } = this.options;
    const asked = retryAfterMs(response.headers.get("retry-after"), clock.now());
    const wait = asked ?? 250 + random() * 500;
    if (wait > retryMaxWaitMs) {
      return asked === undefined
        ? `, not asked again (a page read waits at most ${retryMaxWaitMs} ms)`
        : `, and asked to be asked again after ${Math.ceil(wait / 1000)} s, longer than a page read waits`;
    }
    if (clock.now() - started + wait + connectTimeoutMs > timeoutMs) return ", too late to ask again";
    return wait;
  }

  private async loadRobots(robotsUrl: string): Promise<RobotsFile> {
    const deadline = this.options.timeoutSignal(this.options.connectTimeoutMs);
    const deadlineAt = this.options.clock.now() + this.options.connectTimeoutMs;
    const result = await this.request(robotsUrl, "text/plain,*/*;q=0.5", { signal: deadline, at: deadlineAt });
    // RFC 9309: a robots.txt that cannot be reached (a network error, a timeout, a redirect to where this fetcher
    // may not go) means "disallow all" for now; one behind more redirects than are followed may be taken as absent.
    if (!result.ok) return result.reason === "too_many_redirects" ? { kind: "missing" } : { kind: "unavailable" };
    const { status } = result.response;
    if (status >= 500) return { kind: "unavailable" };
    if (status >= 400) return { kind: "missing" };
    // RFC 9309 (2.5): a crawler reads at least the first 500 KiB of a longer file and may stop there; the rules in
    // that part still hold, so the part is read up to its last whole line.
    const body = await readCapped(result.response, ROBOTS_MAX_BYTES, deadline, "cut");
    if (!body.ok) return { kind: "unavailable" };
    return { kind: "found", text: new TextDecoder().decode(body.cut ? wholeLines(body.bytes) : body.bytes) };
  }

  private request(
    url: string,
    accept: string,
    deadline: { signal: AbortSignal; at: number },
    beforeHop?: Parameters<typeof guardedRequest>[1]["beforeHop"],
    extraHeaders: Record<string, string> = {},
    crawlDelay: (hop: URL) => Promise<number> = async () => 0,
  ): Promise<GuardedResult> {
    const { allow, maxRedirects, pacer, connectTimeoutMs, timeoutSignal, userAgent, clock } = this.options;
    return guardedRequest(url, {
      fetch: this.options.fetch,
      check: (hop) => checkUrl(hop, allow),
      beforeHop,
      pace: async (hop) => {
        const interval = await crawlDelay(hop);
        return pacer.wait(hop.host, interval, { withinMs: deadline.at - clock.now(), signal: deadline.signal });
      },
      maxRedirects,
      headers: { "user-agent": userAgent, accept, ...extraHeaders },
      headersTimeout: () => timeoutSignal(connectTimeoutMs),
      deadline: deadline.signal,
    });
  }
}

/** A file cut short loses the line the cut went through. */
function wholeLines(bytes: Uint8Array): Uint8Array {
  const lastNewline = bytes.lastIndexOf(0x0a);
  return lastNewline < 0 ? new Uint8Array() : bytes.subarray(0, lastNewline + 1);
}

/** Options a caller left undefined must not override the defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
