import type { BucketLimits } from "../../core/guard/token-bucket";
import type { Guards, KeywordGuard, RateDecision, TenantGuard } from "../../core/ports/guard";
import type { Guard } from "../../durable/guard";

/** The guards as Durable Objects, one per scope name; each call is an RPC to the scope's object. */
export class DurableGuards implements Guards {
  constructor(private readonly namespace: DurableObjectNamespace<Guard>) {}

  private stub(scope: string) {
    return this.namespace.get(this.namespace.idFromName(scope));
  }

  keyword(tenantId: string, normalisedKeyword: string): KeywordGuard {
    const guard = this.stub(`keyword:${tenantId}:${normalisedKeyword}`);
    return {
      claimFlight: (key, candidate, creatingForMs, stale) => guard.claimFlight(key, candidate, creatingForMs, stale),
      confirmFlight: (key, jobId, ttlMs) => guard.confirmFlight(key, jobId, ttlMs),
      releaseFlight: (key, jobId) => guard.releaseFlight(key, jobId),
    };
  }

  tenant(tenantId: string): TenantGuard {
    const guard = this.stub(`tenant:${tenantId}`);
    return {
      rateLimit: async (bucket: string, limits: BucketLimits, cost?: number): Promise<RateDecision> =>
        guard.rateLimit(bucket, limits, cost),
    };
  }
}
