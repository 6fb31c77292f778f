import { createRoute, z } from "@hono/zod-openapi";
import { CacheStatsStore } from "../adapters/cache/d1";
import { createDb } from "../adapters/storage/db";
import { cacheTiers } from "../composition/cache";
import { CACHE_KINDS, CACHE_TIERS, type CacheCounts, type CacheKind, type TierUsage } from "../core/ports/cache";
import { problemResponses } from "../http/problem";
import { adminSecurity, createRouter } from "../http/router";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const Kind = z.enum(CACHE_KINDS);
const Counts = z.object({ hits: z.number(), misses: z.number() });

const CacheStatusSchema = z
  .object({
    tiers: z.array(
      z.object({
        tier: z.enum(CACHE_TIERS),
        scope: z.enum(["isolate", "deployment"]).openapi({ description: "l1 is this isolate's memory only" }),
        kinds: z.array(z.object({ kind: Kind, entries: z.number(), bytes: z.number() })),
        error: z.string().optional(),
      }),
    ),
    counts: z.record(z.string(), z.record(z.string(), Counts)).openapi({
      description:
        "Lookups since the counts were last reset, across the deployment, by kind and tier; `origin` misses are loads made, its hits loads shared with a concurrent lookup",
    }),
    hitRatios: z.record(
      z.string(),
      z.object({
        overall: z.number().nullable().openapi({ description: "lookups answered by any tier ÷ all lookups" }),
        l1: z.number().nullable(),
        l2: z.number().nullable(),
        l3: z.number().nullable(),
      }),
    ),
  })
  .openapi("CacheStatus");

const PurgeQuery = z
  .object({
    kind: Kind.openapi({ param: { name: "kind", in: "query" } }),
    key: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .openapi({ param: { name: "key", in: "query" }, description: "one entry, by its whole key" }),
    prefix: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .openapi({ param: { name: "prefix", in: "query" }, description: "every entry whose key starts with it" }),
  })
  .refine((query) => !(query.key && query.prefix), { message: "give key or prefix, not both", path: ["key"] })
  .refine((query) => [query.key, query.prefix].every((v) => v === undefined || v.startsWith(`${query.kind}:`)), {
    message: "a key or prefix starts with its kind and a colon, e.g. page:public:",
    path: ["prefix"],
  });

const ratio = (hits: number, total: number) => (total > 0 ? Math.round((hits / total) * 1000) / 1000 : null);

function hitRatios(counts: CacheCounts) {
  return Object.fromEntries(
    Object.entries(counts).map(([kind, tiers = {}]) => {
      const of = (tier: "l1" | "l2" | "l3") => {
        const c = tiers[tier];
        return c ? ratio(c.hits, c.hits + c.misses) : null;
      };
      const answered =
        (tiers.l1?.hits ?? 0) + (tiers.l2?.hits ?? 0) + (tiers.l3?.hits ?? 0) + (tiers.origin?.hits ?? 0);
      return [
        kind,
        { overall: ratio(answered, answered + (tiers.origin?.misses ?? 0)), l1: of("l1"), l2: of("l2"), l3: of("l3") },
      ];
    }),
  );
}

/** The cache as operators see it: what each tier holds, hits and misses, and purging. */
export function cacheRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/cache",
        tags: ["Admin"],
        security: adminSecurity,
        summary: "The cache: entries and bytes per tier and kind, hits and misses, hit ratios",
        responses: { 200: { description: "The cache's state", ...json(CacheStatusSchema) }, ...problemResponses(401) },
      }),
      async (c) => {
        const tiers = await Promise.all(
          cacheTiers(c.env).map(async (tier) => {
            const scope = tier.name === "l1" ? ("isolate" as const) : ("deployment" as const);
            try {
              return { tier: tier.name, scope, kinds: await tier.usage() };
            } catch (error) {
              c.get("log").warn("cache tier usage unavailable", { tier: tier.name, error: String(error) });
              return { tier: tier.name, scope, kinds: [] as TierUsage[], error: "unavailable" };
            }
          }),
        );
        const counts = await new CacheStatsStore(createDb(c.env.DB)).read();
        return c.json({ tiers, counts, hitRatios: hitRatios(counts) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/cache",
        tags: ["Admin"],
        security: adminSecurity,
        summary: "Purge the cache: one kind, one key, or every key under a prefix",
        description:
          "Deletes from KV and D1 and from this isolate's memory; other isolates' memory keeps an entry at most five minutes.",
        request: { query: PurgeQuery },
        responses: {
          200: {
            description: "How many entries each tier deleted",
            ...json(z.object({ purged: z.record(z.string(), z.number()) })),
          },
          ...problemResponses(400, 401),
        },
      }),
      async (c) => {
        const { kind, key, prefix } = c.req.valid("query");
        const purged: Record<string, number> = {};
        for (const tier of cacheTiers(c.env)) {
          if (key) {
            const had = (await tier.get(key).catch(() => undefined)) !== undefined;
            await tier.delete(key);
            purged[tier.name] = had ? 1 : 0;
          } else {
            purged[tier.name] = await tier.purge(prefix ?? `${kind satisfies CacheKind}:`);
          }
        }
        c.get("log").info("cache purged", { kind, key, prefix, purged });
        return c.json({ purged }, 200);
      },
    );
}
