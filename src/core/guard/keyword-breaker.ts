import { admit, type BreakerSettings, type BreakerState, coolDown, giveBackProbe, record } from "./breaker";

/**
 * A tenant's keyword breaker (in the `keyword:<tenant>:<kw>` guard): jobs for a keyword that keeps failing are
 * refused for a while instead of spending research and model calls on it again. It opens after
 * `failureThreshold` failed jobs in a row, refuses new jobs for the cool-down, then lets one probe job through;
 * the probe's outcome closes it or opens it again. A probe that never reports (its job was lost) is replaced
 * after another cool-down.
 */
export const KEYWORD_BREAKER: BreakerSettings = {
  failureThreshold: 3,
  // Only consecutive failures count: a keyword that sometimes works is left alone.
  errorRate: 1,
  minCalls: Number.MAX_SAFE_INTEGER,
  windowMs: 24 * 60 * 60_000,
  coolDownMs: 15 * 60_000,
  probeTimeoutMs: 15 * 60_000,
};

export type KeywordAdmission = { allowed: true; probe: boolean } | { allowed: false; retryAfterSeconds: number };

/**
 * Failures of our side, not of the keyword: the tenant's money ran out, a provider had no capacity for hours, the
 * writer or the search is configured wrong or refuses our credentials. Every keyword fails alike with them, so
 * counting them would keep a keyword refused for a cool-down after the cause is mended.
 */
const NOT_THE_KEYWORDS: ReadonlySet<string> = new Set([
  "budget_exceeded",
  "provider_capacity",
  "provider_auth",
  "writer_misconfigured",
  "bad_config",
  "search_http_401",
  "search_http_403",
]);

/** Does a job's failure with this code count against its keyword? Only failures that may be the keyword's do. */
export function countsAgainstKeyword(failureCode: string): boolean {
  return !NOT_THE_KEYWORDS.has(failureCode);
}

/** May a new job for the keyword start now? A half-open breaker hands out one probe job. */
export function admitKeywordJob(
  previous: BreakerState,
  now: number,
  settings: BreakerSettings = KEYWORD_BREAKER,
): { admission: KeywordAdmission; state: BreakerState } {
  // A probe job gets `probeTimeoutMs` to report; past it, another job may probe.
  const decision = admit(previous, now, settings.probeTimeoutMs);
  if (decision.allowed) return { admission: { allowed: true, probe: decision.probe }, state: decision.state };
  const state = coolDown(decision.state, now);
  const retryAfterSeconds = Math.max(1, Math.ceil((state.openUntil - now) / 1000));
  return { admission: { allowed: false, retryAfterSeconds }, state };
}

/**
 * A job for the keyword ended with a failure that says nothing of the keyword (`countsAgainstKeyword`), or was
 * admitted and then never started: were it the half-open breaker's probe, the next job probes at once.
 */
export function releaseKeywordProbe(previous: BreakerState, now: number): BreakerState {
  return giveBackProbe(previous, now);
}

/** A job for the keyword ended: completed (`ok`) or failed. */
export function reportKeywordJob(
  previous: BreakerState,
  ok: boolean,
  now: number,
  settings: BreakerSettings = KEYWORD_BREAKER,
): BreakerState {
  return record(previous, ok, now, settings);
}
