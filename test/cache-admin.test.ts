import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { KvTier } from "../src/adapters/cache/kv";
import { pruneExpired } from "../src/adapters/storage/retention";
import { createCache } from "../src/composition/cache";
import { ADMIN, call } from "./helpers";

const Value = z.object({ n: z.number() });
let runs = 0;

describe("GET and DELETE /v1/admin/cache", () => {
  it("reports entries and bytes per tier and kind, counts and hit ratios", async () => {
    const tenant = `ten_cache_admin_${++runs}`;
    const cache = createCache(env, undefined, { recordEach: true });
    await cache.set("article", `article:t:${tenant}:a`, { n: 1 }, 600);
    await cache.get("article", `article:t:${tenant}:a`, Value);
    await cache.get("article", `article:t:${tenant}:missing`, Value);
    const response = await call("/v1/admin/cache", { headers: ADMIN });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      tiers: { tier: string; scope: string; kinds: { kind: string; entries: number; bytes: number }[] }[];
      counts: Record<string, Record<string, { hits: number; misses: number }>>;
      hitRatios: Record<string, { overall: number | null; l1: number | null }>;
    };
    expect(body.tiers.map((t) => [t.tier, t.scope])).toEqual([
      ["l1", "isolate"],
      ["l2", "deployment"],
      ["l3", "deployment"],
    ]);
    for (const tier of body.tiers) {
      const articles = tier.kinds.find((k) => k.kind === "article");
      expect(articles?.entries).toBeGreaterThanOrEqual(1);
      expect(articles?.bytes).toBeGreaterThan(0);
    }
    expect(body.counts.article?.l1?.hits).toBeGreaterThanOrEqual(1);
    expect(body.counts.article?.l3?.misses).toBeGreaterThanOrEqual(1);
    expect(body.hitRatios.article?.l1).toBeGreaterThan(0);
    expect(body.hitRatios.article?.l1).toBeLessThan(1);
  });

  it("purges every key under a prefix from every tier, and leaves other keys", async () => {
    const tenant = `ten_cache_admin_${++runs}`;
    const cache = createCache(env);
    await cache.set("article", `article:t:${tenant}:one`, { n: 1 }, 600);
    await cache.set("article", `article:t:${tenant}:two`, { n: 2 }, 600);
    await cache.set("article", `article:t:${tenant}x:kept`, { n: 3 }, 600);
    const response = await call(`/v1/admin/cache?kind=article&prefix=article:t:${tenant}:`, {
      method: "DELETE",
      headers: ADMIN,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ purged: { l1: 2, l2: 2, l3: 2 } });
    expect(await cache.get("article", `article:t:${tenant}:one`, Value)).toEqual({ hit: false });
    expect(await cache.get("article", `article:t:${tenant}x:kept`, Value)).toMatchObject({ hit: true });
    expect(await new KvTier(env.CACHE).get(`article:t:${tenant}:two`)).toBeUndefined();
  });

  it("purges one key, and a whole kind", async () => {
    const cache = createCache(env);
    const key = `search:test:any:4:purge-${++runs}`;
    await cache.set("search", key, { n: 1 }, 600);
    const one = await call(`/v1/admin/cache?kind=search&key=${encodeURIComponent(key)}`, {
      method: "DELETE",
      headers: ADMIN,
    });
    expect(await one.json()).toEqual({ purged: { l1: 1, l2: 1, l3: 0 } });
    await cache.set("robots", `robots:https://purge-${runs}.test`, { n: 1 }, 600);
    const kind = await call("/v1/admin/cache?kind=robots", { method: "DELETE", headers: ADMIN });
    expect(((await kind.json()) as { purged: { l2: number } }).purged.l2).toBeGreaterThanOrEqual(1);
    expect(await cache.get("robots", `robots:https://purge-${runs}.test`, Value)).toEqual({ hit: false });
  });

  it("refuses an unknown kind, a key of another kind and both key and prefix, as problem+json", async () => {
    for (const query of ["kind=pages", "kind=page&key=article:t:x:1", "kind=page&key=page:a&prefix=page:"]) {
      const response = await call(`/v1/admin/cache?${query}`, { method: "DELETE", headers: ADMIN });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("lets the sweep prune D1 rows past their expiry and keep the live ones", async () => {
    const prefix = `article:t:ten_cache_prune_${++runs}:`;
    const now = Date.now();
    const insert = env.DB.prepare(
      "INSERT INTO cache_entries (key, kind, value, bytes, expires_at) VALUES (?, 'article', '{}', 2, ?)",
    );
    await env.DB.batch([insert.bind(`${prefix}old`, now - 1000), insert.bind(`${prefix}live`, now + 600_000)]);
    const pruned = await pruneExpired(env.DB, { sentOutboxMs: 1e12, idempotencyKeyMs: 1e12, hookCallMs: 1e12 }, now);
    expect(pruned.cacheEntries).toBeGreaterThanOrEqual(1);
    const left = await env.DB.prepare("SELECT key FROM cache_entries WHERE key LIKE ?").bind(`${prefix}%`).all();
    expect(left.results.map((row) => row.key)).toEqual([`${prefix}live`]);
  });

  it("requires the admin token", async () => {
    expect((await call("/v1/admin/cache")).status).toBe(401);
    expect((await call("/v1/admin/cache?kind=page", { method: "DELETE" })).status).toBe(401);
  });
});
