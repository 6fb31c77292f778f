import type { KeywordAdmission } from "../guard/keyword-breaker";
import type { ProviderAdmission, ProviderOutcome, ProviderPolicy, ProviderStatus } from "../guard/provider-guard";
import type { BucketLimits, TakeResult } from "../guard/token-bucket";

export type RateDecision = Omit<TakeResult, "state">;

/** A single-flight claim: the job holding it, and whether that job is still being created. */
export interface FlightClaim {
  holder: string;
  creating: boolean;
}

/** A guard's flight claims: one holder per key at a time (identical jobs, an operator task). */
export interface FlightGuard {
  /**
   * The live claim under `key`, or a new one for `candidate`, marked as being created: it lapses after
   * `creatingForMs` unless confirmed. Naming the holder as `stale` (its job has finished) hands it over.
   */
  claimFlight(key: string, candidate: string, creatingForMs: number, stale?: string): Promise<FlightClaim>;
  /** The candidate's job is created: its claim lasts `ttlMs` from now. */
  confirmFlight(key: string, jobId: string, ttlMs: number): Promise<void>;
  /** The candidate's job could not be created: its claim goes. */
  releaseFlight(key: string, jobId: string): Promise<void>;
}

/**
 * A keyword's guard (`keyword:<tenant>:<normalised keyword>`): single flight for identical requests, the keyword
 * breaker and the regeneration rate of the keyword's articles.
 */
export interface KeywordGuard extends FlightGuard {
  /** The keyword breaker: may a new job for the keyword start now? */
  admitJob(): Promise<KeywordAdmission>;
  /** A job for the keyword ended (completed: `ok`); repeated failures open the breaker. */
  reportJob(ok: boolean): Promise<void>;
  /** A job for the keyword ended saying nothing of it, or never started: a half-open breaker's probe is given back. */
  releaseProbe(): Promise<void>;
  /** Takes one regeneration of the job from its hourly allowance. */
  limitRegeneration(jobId: string, perHour: number): Promise<RateDecision>;
  /** Gives back a regeneration taken from the allowance for one that was then refused or not recorded. */
  returnRegeneration(jobId: string, perHour: number): Promise<void>;
}

/** A tenant's guard (`tenant:<id>`): the API's rate limit (its spend ledger is a `SpendLedger`). */
export interface TenantGuard {
  rateLimit(bucket: string, limits: BucketLimits, cost?: number): Promise<RateDecision>;
}

/** A provider's guard (`provider:<name>`): its requests and tokens per minute and its circuit breaker. */
export interface ProviderGuard {
  /**
   * May a call with about `estimatedTokens` go out? With `bookAheadMs`, a call that would have to wait no longer
   * than that is granted the next free slot, to be used after the grant's `delayMs`.
   */
  acquire(policy: ProviderPolicy, estimatedTokens: number, bookAheadMs?: number): Promise<ProviderAdmission>;
  report(policy: ProviderPolicy, outcome: ProviderOutcome): Promise<void>;
  status(policy: ProviderPolicy): Promise<ProviderStatus>;
}

/** A host's guard (`domain:<host>`): crawl pacing shared by every isolate and job. */
export interface DomainGuard {
  /**
   * Resolves when this caller's turn to request the host has come (`intervalMs` after the previous turn ended),
   * with the turn's number; or with undefined, holding no turn, when that would be after `notAfter` (epoch ms).
   */
  begin(intervalMs: number, notAfter?: number): Promise<number | undefined>;
  /** The turn's request has surely reached the host (its answer or failure is back): that turn ends. */
  done(turn: number): Promise<void>;
}

export interface DomainGuards {
  domain(host: string): DomainGuard;
}

/** The guards by scope: one strongly consistent state holder per key. */
export interface Guards {
  keyword(tenantId: string, normalisedKeyword: string): KeywordGuard;
  /** An operator task's guard (`operation:<name>`): its flight claim lets one run at a time. */
  operation(name: string): FlightGuard;
  tenant(tenantId: string): TenantGuard;
}
