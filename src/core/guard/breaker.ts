/**
 * A provider's circuit breaker. Closed, it counts outcomes; it opens on `failureThreshold` consecutive failures
 * or when failures reach `errorRate` of at least `minCalls` calls in the last `windowMs`. Open, it refuses calls
 * until `openUntil` (the Guard's alarm then makes it half-open); half-open, it lets one probe through, closes on
 * the probe's success and opens again on its failure. A probe that never reports (its caller was killed or its
 * report lost) is replaced after `probeTimeoutMs`: otherwise the breaker would stay half-open, refusing every call,
 * for good. Pure: the Guard keeps the state and sets the alarm.
 */
export interface BreakerSettings {
  failureThreshold: number;
  errorRate: number;
  minCalls: number;
  windowMs: number;
  coolDownMs: number;
  /** How long a probe may be out without reporting before the next caller becomes the probe. */
  probeTimeoutMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = {
  failureThreshold: 5,
  errorRate: 0.2,
  minCalls: 10,
  windowMs: 60_000,
  coolDownMs: 30_000,
  // Longer than a model call's own 90 s timeout, so a probe still waiting for its answer is not doubled.
  probeTimeoutMs: 120_000,
};

export type BreakerStatus = "closed" | "open" | "half-open";

export interface BreakerState {
  status: BreakerStatus;
  consecutiveFailures: number;
  /** Recent outcomes inside the window: time and whether the call succeeded. */
  outcomes: { at: number; ok: boolean }[];
  openUntil: number;
  probeInFlight: boolean;
}

export const closedBreaker = (): BreakerState => ({
  status: "closed",
  consecutiveFailures: 0,
  outcomes: [],
  openUntil: 0,
  probeInFlight: false,
});

/** The cool-down has passed: an open breaker becomes half-open (what the Guard's alarm does). */
export function coolDown(state: BreakerState, now: number): BreakerState {
  return state.status === "open" && now >= state.openUntil
    ? { ...state, status: "half-open", probeInFlight: false }
    : state;
}

/**
 * Whether a call may go out now; a half-open breaker hands out its single probe, with `probeTimeoutMs` to report
 * (kept in `openUntil`, which a half-open breaker has no other use for). Past that the probe counts as lost and
 * the next caller is the probe.
 */
export function admit(
  previous: BreakerState,
  now: number,
  probeTimeoutMs = DEFAULT_BREAKER.probeTimeoutMs,
): { allowed: boolean; probe: boolean; state: BreakerState } {
  const state = coolDown(previous, now);
  if (state.status === "closed") return { allowed: true, probe: false, state };
  const probeLost = state.status === "half-open" && state.probeInFlight && now >= state.openUntil;
  if (state.status === "half-open" && (!state.probeInFlight || probeLost)) {
    return { allowed: true, probe: true, state: { ...state, probeInFlight: true, openUntil: now + probeTimeoutMs } };
  }
  return { allowed: false, probe: false, state };
}

/**
 * A half-open breaker's probe ended with an outcome that says nothing of what the breaker guards: the probe is given
 * back, so the next caller probes at once rather than after `probeTimeoutMs`.
 */
export function giveBackProbe(previous: BreakerState, now: number): BreakerState {
  const state = coolDown(previous, now);
  return state.status === "half-open" ? { ...state, probeInFlight: false } : state;
}

function open(state: BreakerState, now: number, settings: BreakerSettings): BreakerState {
  return { ...state, status: "open", openUntil: now + settings.coolDownMs, probeInFlight: false };
}

/** Records a call's outcome; may open or close the breaker. */
export function record(
  previous: BreakerState,
  ok: boolean,
  now: number,
  settings: BreakerSettings = DEFAULT_BREAKER,
): BreakerState {
  const state = coolDown(previous, now);
  if (state.status === "half-open") return ok ? closedBreaker() : open(state, now, settings);
  if (state.status === "open") return state;
  const outcomes = [...state.outcomes.filter((o) => o.at > now - settings.windowMs), { at: now, ok }];
  const consecutiveFailures = ok ? 0 : state.consecutiveFailures + 1;
  const next = { ...state, outcomes, consecutiveFailures };
  const failures = outcomes.filter((o) => !o.ok).length;
  const tooMany = consecutiveFailures >= settings.failureThreshold;
  const tooOften = outcomes.length >= settings.minCalls && failures / outcomes.length >= settings.errorRate;
  return tooMany || tooOften ? open({ ...next, outcomes: [], consecutiveFailures: 0 }, now, settings) : next;
}
