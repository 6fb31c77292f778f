import type { BucketLimits, TakeResult } from "../guard/token-bucket";

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

/** The guards by scope: one strongly consistent state holder per key. */
export interface Guards {
  keyword(tenantId: string, normalisedKeyword: string): KeywordGuard;
  tenant(tenantId: string): TenantGuard;
}
