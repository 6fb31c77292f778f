import type { BucketLimits } from "../../core/guard/token-bucket";
import type {
  DomainGuard,
  DomainGuards,
  FlightGuard,
  Guards,
  KeywordGuard,
  ProviderGuard,
  RateDecision,
  TenantGuard,
} from "../../core/ports/guard";
import type { SpendLedger } from "../../core/ports/spend";
import type { DraftPart, DraftParts } from "../../core/ports/writer";
import type { Guard } from "../../durable/guard";

/** The guards as Durable Objects, one per scope name; each call is an RPC to the scope's object. */
export class DurableGuards implements Guards, DomainGuards {
  constructor(private readonly namespace: DurableObjectNamespace<Guard>) {}

  private stub(scope: string) {
    return this.namespace.get(this.namespace.idFromName(scope));
  }

  keyword(tenantId: string, normalisedKeyword: string): KeywordGuard {
    const scope = `keyword:${tenantId}:${normalisedKeyword}`;
    const guard = this.stub(scope);
    return {
      ...this.flights(scope),
      admitJob: () => guard.admitKeywordJob(),
      reportJob: (ok) => guard.reportKeywordJob(ok),
      limitRegeneration: (jobId, perHour) =>
        guard.rateLimit(`regenerate:${jobId}`, { capacity: perHour, windowMs: 60 * 60_000 }),
    };
  }

  operation(name: string): FlightGuard {
    return this.flights(`operation:${name}`);
  }

  private flights(scope: string): FlightGuard {
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
      acquire: (policy, estimatedTokens, bookAheadMs) =>
        guard.acquireProvider(name, policy, estimatedTokens, bookAheadMs),
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
      clear: async () => {
        await guard.clearDraftParts();
      },
    };
  }

  domain(host: string): DomainGuard {
    const name = host.toLowerCase();
    const guard = this.stub(`domain:${name}`);
    return {
      begin: (intervalMs) => guard.beginCrawl(name, intervalMs),
      done: () => guard.crawlDone(name),
    };
  }

  tenant(tenantId: string): TenantGuard {
    const guard = this.stub(`tenant:${tenantId}`);
    return {
      rateLimit: async (bucket: string, limits: BucketLimits, cost?: number): Promise<RateDecision> =>
        guard.rateLimit(bucket, limits, cost),
    };
  }

  /** `tenant:<id>`: the tenant's spend ledger (daily cap holds, every call's usage by day and provider). */
  ledger(tenantId: string): SpendLedger {
    const guard = this.stub(`tenant:${tenantId}`);
    return {
      hold: (id, day, costUsd, capUsd) => guard.holdSpend(id, day, costUsd, capUsd),
      settle: async (holdId, day, usage) => {
        await guard.settleSpend(holdId, day, usage);
      },
      usage: (fromDay, toDay) => guard.spendUsage(fromDay, toDay),
    };
  }
}
