import type { UrlCheck } from "../../core/research/ssrf";
import type { RejectionReason } from "../../core/research/types";

/** The fetch a request goes out through: the runtime's, or a stand-in in tests and the fixture web. */
export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export type GuardedResult =
  | { ok: true; response: Response; finalUrl: string }
  | { ok: false; reason: RejectionReason; detail?: string; status?: number; local?: true };

type HopRefusal = { reason: RejectionReason; detail: string };

export interface GuardedRequestOptions {
  fetch: FetchFn;
  check: (url: string) => UrlCheck;
  /** A last say on each hop before it is requested (robots.txt); a refusal ends the request. */
  beforeHop?: (url: URL) => Promise<HopRefusal | undefined>;
  /**
   * Waits for the host's turn; what it answers is called once the request's answer (or failure) is back. No answer:
   * the turn comes after the deadline.
   */
  pace: (url: URL) => Promise<(() => void) | undefined>;
  maxRedirects: number;
  headers: Record<string, string>;
  /** A fresh signal per hop that ends the wait for its response headers; the body is bounded by the deadline alone. */
  headersTimeout: () => AbortSignal;
  deadline: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One GET that follows redirects itself, so that every hop passes the SSRF guard before any byte leaves for it.
 * The response returned is never a redirect.
 */
export async function guardedRequest(url: string, options: GuardedRequestOptions): Promise<GuardedResult> {
  let current = url;
  const origin = URL.canParse(url) ? new URL(url).origin : "";
  for (let hop = 0; ; hop++) {
    const checked = options.check(current);
    if (!checked.ok)
      return {
        ok: false,
        reason: checked.reason,
        detail: hop ? `redirect to ${current}: ${checked.detail}` : checked.detail,
      };
    const refusal = await options.beforeHop?.(checked.url);
    if (refusal) return { ok: false, ...refusal };
    const done = await options.pace(checked.url);
    if (!done || options.deadline.aborted) {
      done?.();
      // The time went on waiting for this crawler's own turn at the host (a long Crawl-delay), not on the site.
      return { ok: false, reason: "timeout", detail: "no time left for the request after its crawl turn", local: true };
    }

    // The hop's timeout may end the wait for headers only: the signal given to fetch also governs the body, which
    // may take as long as the deadline allows.
    const headersTimeout = options.headersTimeout();
    const waiting = new AbortController();
    const giveUp = () => waiting.abort(headersTimeout.reason);
    if (headersTimeout.aborted) giveUp();
    else headersTimeout.addEventListener("abort", giveUp, { once: true });
    const signal = AbortSignal.any([options.deadline, waiting.signal]);
    let response: Response;
    try {
      response = await options.fetch(checked.url.href, {
        method: "GET",
        redirect: "manual",
        headers: hop > 0 && checked.url.origin !== origin ? withoutValidators(options.headers) : options.headers,
        signal,
      });
    } catch (error) {
      if (signal.aborted) return { ok: false, reason: "timeout", detail: "no response in time" };
      return { ok: false, reason: "network_error", detail: error instanceof Error ? error.message : String(error) };
    } finally {
      headersTimeout.removeEventListener("abort", giveUp);
      // Once an answer (or its failure) is back, the request has surely reached the host: the next turn counts
      // from here, however late this request left.
      done();
    }
    if (!REDIRECTS.has(response.status)) return { ok: true, response, finalUrl: checked.url.href };

    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("location");
    if (!location)
      return { ok: false, reason: "network_error", status: response.status, detail: "a redirect without a Location" };
    if (hop >= options.maxRedirects) {
      return {
        ok: false,
        reason: "too_many_redirects",
        status: response.status,
        detail: `more than ${options.maxRedirects} redirects`,
      };
    }
    try {
      current = new URL(location, checked.url).href;
    } catch {
      return { ok: false, reason: "invalid_url", detail: `redirect to an invalid URL: ${location}` };
    }
  }
}

/** A conditional request's validators belong to the first host's copy: another host a redirect leads to gets none. */
function withoutValidators(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== "if-none-match" && lower !== "if-modified-since") kept[name] = value;
  }
  return kept;
}
