import { CacheStatsStore } from "../adapters/cache/d1";
import { DurableGuards } from "../adapters/guards/durable";
import { MetricRollups } from "../adapters/metrics/rollup";
import { D1SloAlerts } from "../adapters/slo/alerts";
import { createDb } from "../adapters/storage/db";
import { OperationsReads } from "../adapters/storage/operations";
import { rebuildProjections } from "../adapters/storage/rebuild";
import { TenantDirectory } from "../adapters/storage/tenants";
import { TenantWebhooks } from "../adapters/storage/webhooks";
import { type DeliveryView, deliveryView, TenantDeliveries } from "../adapters/storage/webhooks-deliveries";
import { HookDirectory, TenantHooks } from "../adapters/storage/webhooks-hooks";
import { activeTraceparent } from "../adapters/telemetry/spans";
import { SecretBox } from "../adapters/webhooks/secret-box";
import { webhookSettings } from "../adapters/webhooks/settings";
import type { RateDecision } from "../core/ports/guard";
import type { Log } from "../core/ports/log";
import type { ResearchRequest } from "../core/research/stage";
import type { ResearchReport } from "../core/research/types";
import { cacheTiers } from "./cache";
import type { JobServices } from "./jobs";
import { researchCounted, tenantBudget } from "./pipeline";
import { researchDeps } from "./research";
import { sloSettings } from "./slo";
import { hookRateLimit } from "./webhooks";
import { configuredProviders, createWriter } from "./writers";

/**
 * What the HTTP edges use besides the job graph: the tenant directory, hooks, webhook endpoints and deliveries,
 * metrics, cache tiers, providers, the writer and research. The graph is made once per request (`c.get("edge")`);
 * each part is built when a handler first asks for it, as most requests use one or none. Routes and middleware
 * build no adapter of their own.
 */
export function edgeServices(env: Env) {
  const db = once(() => createDb(env.DB));
  const guards = once(() => new DurableGuards(env.GUARD));
  const webhooks = once(() => webhookSettings(env));
  const box = once(() => new SecretBox(webhooks().secretKey));
  return {
    tenants: once(() => new TenantDirectory(db())),
    hooks: (tenantId: string) => new TenantHooks(db(), tenantId, box()),
    hookDirectory: once(() => new HookDirectory(db(), box())),
    /** Each hook's rate limit over correctly signed calls, at `HOOK_RATE_LIMIT_PER_MINUTE`. */
    hookRateLimit: (): ((hookId: string) => Promise<RateDecision>) => hookRateLimit(env, webhooks().hookRatePerMinute),
    webhookSettings: webhooks,
    webhooks: (tenantId: string) => new TenantWebhooks(db(), tenantId, box()),
    deliveries: (tenantId: string) => tenantDeliveries(new TenantDeliveries(db(), tenantId)),
    metrics: once(() => new MetricRollups(env.DB)),
    operations: once(() => new OperationsReads(env.DB)),
    slo: once(() => ({ settings: sloSettings(env), alerts: new D1SloAlerts(env.DB) })),
    cacheTiers: () => cacheTiers(env),
    cacheCounts: once(() => new CacheStatsStore(db())),
    guards,
    /** Each configured LLM provider as its guard sees it: breaker, capacity left, recent errors and latency. */
    providerHealth: () =>
      Promise.all(
        configuredProviders(env).map(async (provider) => ({
          name: provider.name,
          type: provider.type,
          model: provider.model,
          weight: provider.weight,
          limits: { rpm: provider.policy.limits.rpm, tpm: provider.policy.limits.tpm },
          ...(await guards().provider(provider.name).status(provider.policy)),
        })),
      ),
    writer: () => createWriter(env),
    budget: (tenantId: string, plan: string | undefined) => tenantBudget(env, tenantId, plan),
    /** Research on its own (`/v1/research`), its cache hits and misses added to the deployment's totals. */
    research: (request: ResearchRequest, urls: string[] | undefined, log: Log): Promise<ResearchReport> =>
      researchCounted(env, request, researchDeps(env, { urls, log }), log),
    rebuildProjections: (events: JobServices["events"], keepClaim?: () => Promise<boolean>) =>
      rebuildProjections(events, keepClaim ? { keepClaim } : {}),
    /** The traceparent of the span this request runs in, when tracing is on. */
    activeTraceparent,
  };
}

export type EdgeServices = ReturnType<typeof edgeServices>;

/** A tenant's delivery log as the API shows it: rows without the tenant, dedupe key, lock and raw payload. */
function tenantDeliveries(store: TenantDeliveries) {
  return {
    list: async (filter: Parameters<TenantDeliveries["list"]>[0]): Promise<DeliveryView[]> =>
      (await store.list(filter)).map(deliveryView),
    reopen: async (...args: Parameters<TenantDeliveries["reopen"]>): Promise<DeliveryView | undefined> => {
      const row = await store.reopen(...args);
      return row && deliveryView(row);
    },
  };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
