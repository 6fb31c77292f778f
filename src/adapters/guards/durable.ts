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
import { inChildSpan } from "../telemetry/spans";

/**
 * One Guard RPC as a client span named for its method, under the active span; the scope's kind (the part before
 * the first colon: keyword, provider, domain, tenant, draft, operation) is an attribute, never its tenant or keyword.
 */
function rpc<T>(scope: string, method: string, call: () => T): T {
  return inChildSpan(
    `guard ${method}`,
    {
      kind: "client",
      attributes: { "rpc.system": "durable_object", "rpc.method": method, "guard.scope": scope.split(":")[0] ?? scope },
    },
    call,
  );
}

/** An article's regenerations: `perHour` of them, refilled over the hour. */
const regenerationLimits = (perHour: number): BucketLimits => ({ capacity: perHour, windowMs: 60 * 60_000 });

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
      admitJob: () => rpc(scope, "admitKeywordJob", () => guard.admitKeywordJob()),
      reportJob: (ok) => rpc(scope, "reportKeywordJob", () => guard.reportKeywordJob(ok)),
      releaseProbe: () => rpc(scope, "releaseKeywordProbe", () => guard.releaseKeywordProbe()),
      limitRegeneration: (jobId, perHour) =>
        rpc(scope, "rateLimit", () => guard.rateLimit(`regenerate:${jobId}`, regenerationLimits(perHour))),
      returnRegeneration: (jobId, perHour) =>
        rpc(scope, "returnTokens", () => guard.returnTokens(`regenerate:${jobId}`, regenerationLimits(perHour))),
    };
  }

  operation(name: string): FlightGuard {
    return this.flights(`operation:${name}`);
  }

  private flights(scope: string): FlightGuard {
    const guard = this.stub(scope);
    return {
      claimFlight: (key, candidate, creatingForMs, stale) =>
        rpc(scope, "claimFlight", () => guard.claimFlight(key, candidate, creatingForMs, stale)),
      confirmFlight: (key, jobId, ttlMs) => rpc(scope, "confirmFlight", () => guard.confirmFlight(key, jobId, ttlMs)),
      releaseFlight: (key, jobId) => rpc(scope, "releaseFlight", () => guard.releaseFlight(key, jobId)),
    };
  }

  provider(name: string): ProviderGuard {
    const scope = `provider:${name}`;
    const guard = this.stub(scope);
    return {
      acquire: (policy, estimatedTokens, bookAheadMs) =>
        rpc(scope, "acquireProvider", () => guard.acquireProvider(name, policy, estimatedTokens, bookAheadMs)),
      report: (policy, outcome) => rpc(scope, "reportProvider", () => guard.reportProvider(name, policy, outcome)),
      status: (policy) => rpc(scope, "providerStatus", () => guard.providerStatus(name, policy)),
    };
  }

  draft(jobId: string, run: number, attempt: number): DraftParts {
    const scope = `draft:${jobId}:${run}:${attempt}`;
    const guard = this.stub(scope);
    return {
      load: async () => (await rpc(scope, "draftParts", () => guard.draftParts())) as Record<string, DraftPart>,
      save: async (part, finished) => {
        await rpc(scope, "saveDraftPart", () => guard.saveDraftPart(part, finished));
      },
      clear: async () => {
        await rpc(scope, "clearDraftParts", () => guard.clearDraftParts());
      },
    };
  }

  domain(host: string): DomainGuard {
    const name = host.toLowerCase();
    const scope = `domain:${name}`;
    const guard = this.stub(scope);
    return {
      begin: (intervalMs, notAfter) => rpc(scope, "beginCrawl", () => guard.beginCrawl(name, intervalMs, notAfter)),
      done: (turn) => rpc(scope, "crawlDone", () => guard.crawlDone(name, turn)),
    };
  }

  tenant(tenantId: string): TenantGuard {
    const scope = `tenant:${tenantId}`;
    const guard = this.stub(scope);
    return {
      rateLimit: async (bucket: string, limits: BucketLimits, cost?: number): Promise<RateDecision> =>
        rpc(scope, "rateLimit", () => guard.rateLimit(bucket, limits, cost)),
    };
  }

  /** `hook:<id>`: an inbound hook's per-minute budget. */
  hookRateLimit(hookId: string, perMinute: number): Promise<RateDecision> {
    const scope = `hook:${hookId}`;
    const guard = this.stub(scope);
    return rpc(scope, "rateLimit", () => guard.rateLimit("inbound", { capacity: perMinute, windowMs: 60_000 }));
  }

  /** `tenant:<id>`: the tenant's spend ledger (daily cap holds, every call's usage by day and provider). */
  ledger(tenantId: string): SpendLedger {
    const scope = `tenant:${tenantId}`;
    const guard = this.stub(scope);
    return {
      hold: (id, day, costUsd, capUsd) => rpc(scope, "holdSpend", () => guard.holdSpend(id, day, costUsd, capUsd)),
      settle: async (holdId, day, usage) => {
        await rpc(scope, "settleSpend", () => guard.settleSpend(holdId, day, usage));
      },
      usage: (fromDay, toDay) => rpc(scope, "spendUsage", () => guard.spendUsage(fromDay, toDay)),
    };
  }
}
