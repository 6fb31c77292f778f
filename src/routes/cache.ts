import { createRoute, z } from "@hono/zod-openapi";
import { pageKey, robotsKey, tenantScope } from "../core/cache/keys";
import {
  CACHE_KINDS,
  CACHE_TIERS,
  type CacheCounts,
  type CacheKind,
  type CacheTierName,
  PurgeIncomplete,
} from "../core/ports/cache";
import { ProblemError, problemResponses } from "../http/problem";
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
        kinds: z.array(
          z.object({
            kind: Kind,
            entries: z.number().openapi({ description: "entries not yet expired" }),
            bytes: z.number().openapi({ description: "UTF-8 bytes of their stored values" }),
          }),
        ),
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

/** An http(s) URL as a caller may spell it; its cache key is the same for every spelling of one page. */
const HttpUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: "an http(s) URL",
  });

const PurgeQuery = z
  .object({
    kind: Kind.openapi({ param: { name: "kind", in: "query" } }),
    url: HttpUrl.optional().openapi({
      param: { name: "url", in: "query" },
      description:
        "kind=page: the page of this URL; kind=robots: its origin's robots.txt. Host case, a default port, a fragment, the order of query parameters and a trailing slash do not matter",
    }),
    tenant: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional()
      .openapi({
        param: { name: "tenant", in: "query" },
        description: "with kind=page&url: the page as this tenant gave it (its own URLs), not the shared one",
      }),
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
  .refine((query) => [query.key, query.prefix, query.url].filter(Boolean).length <= 1, {
    message: "give one of key, prefix and url",
    path: ["key"],
  })
  .refine((query) => !query.url || query.kind === "page" || query.kind === "robots", {
    message: "url names a page (kind=page) or an origin's robots.txt (kind=robots)",
    path: ["url"],
  })
  .refine((query) => !query.tenant || (query.url && query.kind === "page"), {
    message: "tenant goes with kind=page and url",
    path: ["tenant"],
  })
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
        description: "A tier that cannot be read (KV or D1 down) makes the answer a 503 naming it.",
        responses: {
          200: { description: "The cache's state", ...json(CacheStatusSchema) },
          ...problemResponses(401, 503),
        },
      }),
      async (c) => {
        const unreachable: string[] = [];
        const tiers = await Promise.all(
          c
            .get("edge")
            .cacheTiers()
            .map(async (tier) => {
              const scope = tier.name === "l1" ? ("isolate" as const) : ("deployment" as const);
              try {
                return { tier: tier.name, scope, kinds: await tier.usage() };
              } catch (error) {
                unreachable.push(tierLabel(tier.name));
                c.get("log").warn("cache tier unreachable", { tier: tier.name, error: String(error) });
                return undefined;
              }
            }),
        );
        const counts = await c
          .get("edge")
          .cacheCounts()
          .read()
          .catch((error: unknown) => {
            if (!unreachable.includes(tierLabel("l3"))) unreachable.push(tierLabel("l3"));
            c.get("log").warn("cache counts unreachable", { error: String(error) });
            return undefined;
          });
        if (unreachable.length || !counts) throw tiersUnreachable(unreachable);
        const reachable = tiers.filter((tier) => tier !== undefined);
        return c.json({ tiers: reachable, counts, hitRatios: hitRatios(counts) }, 200);
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
          "Deletes from KV and D1 and from this isolate's memory; other isolates' memory keeps an entry at most five minutes. " +
          "A tier that cannot be reached makes the answer a 503 naming it (the other tiers are purged): purge again later. " +
          "So does a prefix with more keys in KV than one request may delete (about 900): purge again until it answers 200.",
        request: { query: PurgeQuery },
        responses: {
          200: {
            description: "How many entries each tier deleted",
            ...json(
              z.object({
                purged: z.record(z.string(), z.number()),
                key: z.string().optional().openapi({ description: "the key a url was purged under" }),
              }),
            ),
          },
          ...problemResponses(400, 401, 503),
        },
      }),
      async (c) => {
        const { kind, key: givenKey, prefix, url, tenant } = c.req.valid("query");
        const key = url ? await urlKey(kind, url, tenant) : givenKey;
        const purged: Record<string, number> = {};
        const unreachable: string[] = [];
        const unfinished: string[] = [];
        for (const tier of c.get("edge").cacheTiers()) {
          try {
            if (key) {
              const had = (await tier.get(key)) !== undefined;
              await tier.delete(key);
              purged[tier.name] = had ? 1 : 0;
            } else {
              purged[tier.name] = await tier.purge(prefix ?? `${kind satisfies CacheKind}:`);
            }
          } catch (error) {
            if (error instanceof PurgeIncomplete) {
              purged[tier.name] = error.removed;
              unfinished.push(tierLabel(tier.name));
              continue;
            }
            unreachable.push(tierLabel(tier.name));
            c.get("log").warn("cache tier unreachable: not purged", { tier: tier.name, error: String(error) });
          }
        }
        c.get("log").info("cache purged", { kind, key, prefix, purged, unreachable, unfinished });
        if (unreachable.length) throw tiersUnreachable(unreachable, purged);
        if (unfinished.length) {
          throw new ProblemError(
            503,
            "service-unavailable",
            `more keys are left than one request may delete in ${unfinished.join(", ")}: purge again; purged so far: ${JSON.stringify(purged)}`,
            { headers: { "retry-after": "1" } },
          );
        }
        return c.json({ purged, ...(url ? { key } : {}) }, 200);
      },
    );
}

const TIER_LABELS: Record<CacheTierName, string> = { l1: "l1 (isolate memory)", l2: "l2 (KV)", l3: "l3 (D1)" };
const tierLabel = (tier: CacheTierName) => TIER_LABELS[tier];

/** A tier out of reach: the operator's answer is incomplete, so it is a 503 to retry, never a partial 200. */
function tiersUnreachable(tiers: string[], purged?: Record<string, number>): ProblemError {
  const done = purged && Object.keys(purged).length ? `; purged elsewhere: ${JSON.stringify(purged)}` : "";
  return new ProblemError(503, "service-unavailable", `cache tier unreachable: ${tiers.join(", ")}${done}`, {
    headers: { "retry-after": "30" },
  });
}

/** The one key a URL is cached under, however it is spelled: its page (shared, or a tenant's own) or its robots.txt. */
async function urlKey(kind: CacheKind, url: string, tenant: string | undefined): Promise<string> {
  if (kind === "robots") return robotsKey(new URL(url).origin);
  return pageKey(tenant ? tenantScope(tenant) : "public", url);
}
