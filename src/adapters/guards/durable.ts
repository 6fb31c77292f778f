import type { BucketLimits } from "../../core/guard/token-bucket";
import type {
  DomainGuard,
  DomainGuards,
  Guards,
  KeywordGuard,
  ProviderGuard,
  RateDecision,
  TenantGuard,
} from "../../core/ports/guard";
import type { DraftPart, DraftParts } from "../../core/ports/writer";
import type { Guard } from "../../durable/guard";

/** The guards as Durable Objects, one per scope name; each call is an RPC to the scope's object. */
export class DurableGuards implements Guards, DomainGuards {
  constructor(private readonly namespace: DurableObjectNamespace<Guard>) {}

  private stub(scope: string) {
    return this.namespace.get(this.namespace.idFromName(scope));
  }

  keyword(tenantId: string, normalisedKeyword: string): KeywordGuard {
    return this.flights(`keyword:${tenantId}:${normalisedKeyword}`);
  }

  operation(name: string): KeywordGuard {
    return this.flights(`operation:${name}`);
  }

  private flights(scope: string): KeywordGuard {
    const guard = this.stub(scope);
    return {
      claimFlight: (key, candidate, creatingForMs, stale) => guard.claimFlight(key, candidate, creatingForMs, stale),
      confirmFlight: (key, jobId, ttlMs) => guard.confirmFlight(key, jobId, ttlMs),
      releaseFlight: (key, jobId) => guard.releaseFlight(key, jobId),
    };
  }

  provider(name: string): ProviderGuard {
    const guard = this.stub(`provider:${name}`);
    return {
      acquire: (policy, estimatedTokens) => guard.acquireProvider(name, policy, estimatedTokens),
      report: (policy, outcome) => guard.reportProvider(name, policy, outcome),
      status: (policy) => guard.providerStatus(name, policy),
    };
  }

  draft(jobId: string, run: number, attempt: number): DraftParts {
    const guard = this.stub(`draft:${jobId}:${run}:${attempt}`);
    return {
      load: async () => (await guard.draftParts()) as Record<string, DraftPart>,
      save: async (part, finished) => {
        await guard.saveDraftPart(part, finished);
      },
    };
  }

  domain(host: string): DomainGuard {
    const guard = this.stub(`domain:${host.toLowerCase()}`);
    return { reserveSlot: (intervalMs) => guard.reserveCrawlSlot(host.toLowerCase(), intervalMs) };
  }

  tenant(tenantId: string): TenantGuard {
    const guard = this.stub(`tenant:${tenantId}`);
    return {
      rateLimit: async (bucket: string, limits: BucketLimits, cost?: number): Promise<RateDecision> =>
        guard.rateLimit(bucket, limits, cost),
    };
  }
}
