import { STRUCTURED_MODES, type StructuredMode } from "../writing/llm-config";
import {
  admit,
  type BreakerSettings,
  type BreakerState,
  type BreakerStatus,
  closedBreaker,
  coolDown,
  DEFAULT_BREAKER,
  record,
} from "./breaker";
import {
  type CapacityState,
  correct,
  type ObservedLimits,
  type ProviderLimits,
  reserve,
  settle,
} from "./provider-capacity";

/**
 * Everything the `provider:<name>` guard decides: whether a call may go out now (breaker and capacity),
 * what the call's outcome changes, and what the admin page shows. Pure over a state the Guard stores.
 */
export interface ProviderPolicy {
  limits: ProviderLimits;
  breaker?: Partial<BreakerSettings>;
}

export type ProviderAdmission =
  | { granted: true; reservedTokens: number; probe: boolean; mode?: StructuredMode; delayMs?: number }
  | { granted: false; waitMs: number; reason: "breaker_open" | "capacity" };

export interface ProviderOutcome {
  /** false for a failure that says the provider is unwell (5xx, timeout, malformed answer). */
  ok: boolean;
  /** A 429 is a scheduling signal: it corrects the capacity but never counts against the breaker. */
  rateLimited?: boolean;
  latencyMs: number;
  reservedTokens: number;
  usedTokens: number;
  observed: ObservedLimits;
  error?: string;
  /** The provider rejected the call's structured-output mode: it is served in this one from now on. */
  learnedMode?: StructuredMode;
}

interface RecentCall {
  at: number;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface ProviderGuardState {
  capacity?: CapacityState;
  breaker: BreakerState;
  recent: RecentCall[];
  /** The structured-output mode the provider was found to take, shared by every isolate. */
  mode?: StructuredMode;
  /** When `mode` was learned (epoch ms): after MODE_KEPT_MS the provider is offered its configured mode again. */
  modeSince?: number;
}

/**
 * How long a learned structured-output mode is kept. A refusal can be passing (a gateway's bad hour, a model being
 * swapped) and the later modes write worse; a provider that still refuses costs one 400 a day to find out.
 */
export const MODE_KEPT_MS = 24 * 60 * 60 * 1000;

export interface ProviderStatus {
  breaker: BreakerStatus;
  openUntil?: string;
  remaining: { requests: number; tokens: number };
  recentErrors: { at: string; error: string }[];
  latencyMs: { p50: number | null; p95: number | null };
  calls: number;
  structuredMode?: StructuredMode;
}

const RECENT = 100;

export const emptyProviderGuard = (): ProviderGuardState => ({ breaker: closedBreaker(), recent: [] });

const settingsOf = (policy: ProviderPolicy): BreakerSettings => ({ ...DEFAULT_BREAKER, ...policy.breaker });

export function acquireProvider(
  current: ProviderGuardState,
  policy: ProviderPolicy,
  now: number,
  estimatedTokens: number,
  bookAheadMs = 0,
): { admission: ProviderAdmission; state: ProviderGuardState } {
  const state = withCurrentMode(current, now);
  const gate = admit(state.breaker, now, settingsOf(policy).probeTimeoutMs);
  if (!gate.allowed) {
    const waitMs = gate.state.status === "open" ? Math.max(1, gate.state.openUntil - now) : 1000;
    return { admission: { granted: false, waitMs, reason: "breaker_open" }, state: { ...state, breaker: gate.state } };
  }
  // A half-open breaker's probe goes now or not at all: it is not booked ahead.
  const reservation = reserve(state.capacity, policy.limits, now, estimatedTokens, gate.probe ? 0 : bookAheadMs);
  if (!reservation.granted) {
    // A refused probe is given back: the next caller may take it once there is capacity.
    const breaker = gate.probe ? { ...gate.state, probeInFlight: false } : gate.state;
    return {
      admission: { granted: false, waitMs: reservation.waitMs, reason: "capacity" },
      state: { ...state, breaker, capacity: reservation.state },
    };
  }
  return {
    admission: {
      granted: true,
      reservedTokens: reservation.tokens,
      probe: gate.probe,
      ...(state.mode ? { mode: state.mode } : {}),
      ...(reservation.delayMs > 0 ? { delayMs: reservation.delayMs } : {}),
    },
    state: { ...state, breaker: gate.state, capacity: reservation.state },
  };
}

export function reportProvider(
  state: ProviderGuardState,
  policy: ProviderPolicy,
  now: number,
  outcome: ProviderOutcome,
): ProviderGuardState {
  const settled = state.capacity
    ? settle(state.capacity, policy.limits, now, outcome.reservedTokens, outcome.usedTokens)
    : undefined;
  const capacity = correct(settled, policy.limits, now, outcome.observed);
  // A 429 says nothing of the provider's health; a half-open breaker's probe that got one is given back, as a probe
  // refused for capacity is, so the next caller probes once the provider's wait is over (not after the probe timeout).
  const breaker = outcome.rateLimited
    ? state.breaker.status === "half-open"
      ? { ...state.breaker, probeInFlight: false }
      : state.breaker
    : record(state.breaker, outcome.ok, now, settingsOf(policy));
  const call: RecentCall = { at: now, ok: outcome.ok && !outcome.rateLimited, latencyMs: outcome.latencyMs };
  if (outcome.error) call.error = outcome.error.slice(0, 200);
  const kept = withCurrentMode(state, now);
  const mode = laterMode(kept.mode, outcome.learnedMode);
  // A mode learned again (or further down the list) is dated anew; one merely confirmed keeps its date.
  const modeSince = mode === kept.mode ? kept.modeSince : now;
  return {
    capacity,
    breaker,
    recent: [...state.recent, call].slice(-RECENT),
    ...(mode ? { mode, modeSince: modeSince ?? now } : {}),
  };
}

/** The state without a learned mode older than MODE_KEPT_MS; one stored before modes were dated is dated now. */
function withCurrentMode(state: ProviderGuardState, now: number): ProviderGuardState {
  if (!state.mode) return state;
  if (state.modeSince === undefined) return { ...state, modeSince: now };
  if (now - state.modeSince < MODE_KEPT_MS) return state;
  const { mode: _mode, modeSince: _since, ...rest } = state;
  return rest;
}

/** Modes are only ever stepped down the list, so of two reports the later mode wins. */
export function laterMode(a: StructuredMode | undefined, b: StructuredMode | undefined): StructuredMode | undefined {
  if (!a || !b) return a ?? b;
  return STRUCTURED_MODES.indexOf(b) > STRUCTURED_MODES.indexOf(a) ? b : a;
}

/** The alarm's work: an open breaker whose cool-down has passed becomes half-open. */
export function wakeProvider(state: ProviderGuardState, now: number): ProviderGuardState {
  return { ...state, breaker: coolDown(state.breaker, now) };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

export function providerStatus(state: ProviderGuardState, policy: ProviderPolicy, now: number): ProviderStatus {
  const breaker = coolDown(state.breaker, now);
  const capacity = correct(state.capacity, policy.limits, now, {});
  const latencies = state.recent
    .filter((c) => c.ok)
    .map((c) => c.latencyMs)
    .sort((a, b) => a - b);
  return {
    breaker: breaker.status,
    ...(breaker.status === "open" ? { openUntil: new Date(breaker.openUntil).toISOString() } : {}),
    remaining: { requests: Math.floor(capacity.requests.level), tokens: Math.floor(capacity.tokens.level) },
    recentErrors: state.recent
      .filter((c) => c.error)
      .slice(-10)
      .map((c) => ({ at: new Date(c.at).toISOString(), error: c.error as string })),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    calls: state.recent.length,
    ...(state.mode ? { structuredMode: state.mode } : {}),
  };
}
