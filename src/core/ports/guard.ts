import type { ProviderAdmission, ProviderOutcome, ProviderPolicy, ProviderStatus } from "../guard/provider-guard";
import type { BucketLimits, TakeResult } from "../guard/token-bucket";
import type { DraftParts } from "./writer";

export type RateDecision = Omit<TakeResult, "state">;

/** A keyword's guard (`keyword:<tenant>:<normalised keyword>`): single flight for identical requests. */
export interface KeywordGuard {
  /**
   * The job already in flight under `key`, or `candidate` (now recorded) when there is none. A claim expires
   * after `ttlMs`; naming it as `stale` (its job has finished) hands it to the candidate.
   */
  claimFlight(key: string, candidate: string, ttlMs: number, stale?: string): Promise<string>;
}

/** A tenant's guard (`tenant:<id>`): the API's rate limit. */
export interface TenantGuard {
  rateLimit(bucket: string, limits: BucketLimits, cost?: number): Promise<RateDecision>;
}

/** A provider's guard (`provider:<name>`): its requests and tokens per minute and its circuit breaker. */
export interface ProviderGuard {
  acquire(policy: ProviderPolicy, estimatedTokens: number): Promise<ProviderAdmission>;
  report(policy: ProviderPolicy, outcome: ProviderOutcome): Promise<void>;
  status(policy: ProviderPolicy): Promise<ProviderStatus>;
}

/** The guards by scope: one strongly consistent state holder per key. */
export interface Guards {
  keyword(tenantId: string, normalisedKeyword: string): KeywordGuard;
  tenant(tenantId: string): TenantGuard;
  provider(name: string): ProviderGuard;
  /** The finished parts of one draft (`draft:<job>:<run>:<attempt>`), so a write tried again resumes. */
  draft(jobId: string, run: number, attempt: number): DraftParts;
}
