import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { KvTier } from "../src/adapters/cache/kv";
import { pruneExpired } from "../src/adapters/storage/retention";
import { createApp } from "../src/app";
import { createCache } from "../src/composition/cache";
import { pageKey, robotsKey } from "../src/core/cache/keys";
import { PurgeIncomplete } from "../src/core/ports/cache";
import { ADMIN, call } from "./helpers";

const Value = z.object({ n: z.number() });
let runs = 0;

/** A KV namespace whose every call fails, as an outage does. */
const unreachableKv = new Proxy({} as KVNamespace, {
  get: () => () => Promise.reject(new Error("KV is unreachable")),
});

/** The database with the cache's tables out of reach: their statements fail when run, the rest still work. */
function unreachableCacheTables(db: D1Database): D1Database {
  const fail = () => Promise.reject(new Error("D1 is unreachable"));
  const broken = (sql: string) => /\bcache_(entries|stats)\b/.test(sql);
  const failing = (): D1PreparedStatement =>
    ({ bind: () => failing(), all: fail, first: fail, run: fail, raw: fail }) as unknown as D1PreparedStatement;
  return new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => (broken(sql) ? failing() : target.prepare(sql));
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The app on an env whose KV or D1 is out of reach. */
function callWith(broken: Partial<Env>, path: string, init: RequestInit = {}) {
  return createApp().request(path, { ...init, headers: ADMIN }, { ...env, ...broken });
}

interface Status {
  tiers: { tier: string; kinds: { kind: string; entries: number; bytes: number }[] }[];
}
const usageOf = (body: Status, tier: string, kind: string) =>
  body.tiers.find((t) => t.tier === tier)?.kinds.find((k) => k.kind === kind) ?? { entries: 0, bytes: 0 };
const status = async () => (await (await call("/v1/admin/cache", { headers: ADMIN })).json()) as Status;

afterEach(() => {
  vi.useRealTimers();
});

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

  it("says a KV purge is incomplete when more keys are under the prefix than one call may delete, and finishes on repeats", async () => {
    const prefix = `search:bulk-${++runs}:`;
    await Promise.all(Array.from({ length: 25 }, (_, i) => env.CACHE.put(`${prefix}${i}`, "{}")));
    // A call may make so many KV operations (the platform caps them per invocation): here, ten.
    const tier = new KvTier(env.CACHE, undefined, { purgeOperations: 10 });
    const removed: number[] = [];
    for (let call = 0; call < 10; call++) {
      try {
        removed.push(await tier.purge(prefix));
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(PurgeIncomplete);
        removed.push((error as PurgeIncomplete).removed);
      }
    }
    expect(removed.length).toBeGreaterThan(2);
    expect(removed.reduce((a, b) => a + b, 0)).toBe(25);
    expect((await env.CACHE.list({ prefix })).keys).toEqual([]);
  });

  it("purges under a prefix longer than a LIKE pattern may be, reading % and _ in it as themselves", async () => {
    // D1 refuses a LIKE pattern over 50 bytes as soon as a row meets it: the prefix is compared as a prefix.
    const tenant = `ten_cache_admin_${++runs}`;
    const prefix = `article:t:${tenant}:a_long_prefix_with_100%_literal_characters_in_it:`;
    expect(new TextEncoder().encode(prefix).length).toBeGreaterThan(60);
    const cache = createCache(env);
    await cache.set("article", `${prefix}one`, { n: 1 }, 600);
    await cache.set("article", `${prefix.replace("_long", "xlong")}kept`, { n: 2 }, 600);
    await cache.set("article", `${prefix.replace("100%", "100x")}kept`, { n: 3 }, 600);
    const response = await call(`/v1/admin/cache?kind=article&prefix=${encodeURIComponent(prefix)}`, {
      method: "DELETE",
      headers: ADMIN,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ purged: { l1: 1, l2: 1, l3: 1 } });
    expect(await cache.get("article", `${prefix.replace("_long", "xlong")}kept`, Value)).toMatchObject({ hit: true });
    expect(await cache.get("article", `${prefix.replace("100%", "100x")}kept`, Value)).toMatchObject({ hit: true });
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
    const pruned = await pruneExpired(
      env.DB,
      { sentOutboxMs: 1e12, idempotencyKeyMs: 1e12, hookCallMs: 1e12, heartbeatMs: 1e12 },
      now,
    );
    expect(pruned.cacheEntries).toBeGreaterThanOrEqual(1);
    const left = await env.DB.prepare("SELECT key FROM cache_entries WHERE key LIKE ?").bind(`${prefix}%`).all();
    expect(left.results.map((row) => row.key)).toEqual([`${prefix}live`]);
  });

  it("answers 503 problem+json naming the tier when KV or D1 is unreachable, for a read and for a purge", async () => {
    const kv = { CACHE: unreachableKv };
    const d1 = { DB: unreachableCacheTables(env.DB) };
    for (const [broken, label] of [
      [kv, "l2 (KV)"],
      [d1, "l3 (D1)"],
    ] as const) {
      for (const init of [{}, { method: "DELETE" }]) {
        const path = init.method ? "/v1/admin/cache?kind=search&prefix=search:none:" : "/v1/admin/cache";
        const response = await callWith(broken, path, init);
        expect(response.status, `${label} ${path} ${await response.clone().text()}`).toBe(503);
        expect(response.headers.get("content-type")).toContain("application/problem+json");
        expect(response.headers.get("retry-after")).toBe("30");
        const body = (await response.json()) as { status: number; detail: string };
        expect(body.status).toBe(503);
        expect(body.detail).toContain(label);
      }
    }
  });

  it("counts KV bytes as the UTF-8 size of the stored values, the same in every tier", async () => {
    const tenant = `ten_cache_bytes_${++runs}`;
    const cache = createCache(env);
    const before = await status();
    // Two-, three- and four-byte characters: a count of UTF-16 units would be short.
    await cache.set("article", `article:t:${tenant}:a`, { n: 1, text: "é—😀".repeat(50) }, 600);
    const after = await status();
    const stored = new TextEncoder().encode(await new KvTier(env.CACHE).get(`article:t:${tenant}:a`)).byteLength;
    expect(stored).toBeGreaterThan(450);
    for (const tier of ["l1", "l2", "l3"]) {
      expect(usageOf(after, tier, "article").entries - usageOf(before, tier, "article").entries).toBe(1);
      expect(usageOf(after, tier, "article").bytes - usageOf(before, tier, "article").bytes).toBe(stored);
    }
  });

  it("leaves an entry out of the counts once it expires by the clock, in every tier", async () => {
    const tenant = `ten_cache_expiry_${++runs}`;
    const cache = createCache(env);
    const before = await status();
    await cache.set("article", `article:t:${tenant}:short`, { n: 1 }, 90);
    await cache.set("article", `article:t:${tenant}:long`, { n: 2 }, 3600);
    const entries = (body: Status, tier: string) =>
      usageOf(body, tier, "article").entries - usageOf(before, tier, "article").entries;
    const live = await status();
    expect(["l1", "l2", "l3"].map((tier) => entries(live, tier))).toEqual([2, 2, 2]);
    // KV itself keeps the entry for real minutes yet; the counts go by the clock, as reads do.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 120_000);
    const later = await status();
    expect(["l1", "l2", "l3"].map((tier) => entries(later, tier))).toEqual([1, 1, 1]);
    expect(await cache.get("article", `article:t:${tenant}:short`, Value)).toEqual({ hit: false });
  });

  it("purges a page or a robots.txt by its URL however it is spelled", async () => {
    const cache = createCache(env);
    const host = `spell-${++runs}.example`;
    const key = await pageKey("public", `https://${host}/guides/soil?a=1&b=2`);
    for (const spelling of [
      `HTTPS://${host.toUpperCase()}:443/guides/soil/?b=2&a=1#top`,
      `https://${host}/guides/soil?a=1&b=2`,
      `https://${host}:443/guides/soil/?a=1&b=2`,
    ]) {
      await cache.set("page", key, { n: 1 }, 600);
      const response = await call(`/v1/admin/cache?kind=page&url=${encodeURIComponent(spelling)}`, {
        method: "DELETE",
        headers: ADMIN,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ purged: { l1: 1, l2: 1, l3: 0 }, key });
      expect(await cache.get("page", key, Value)).toEqual({ hit: false });
    }
    // A tenant's own page is purged with its tenant; the shared copy of the same URL stays.
    const own = await pageKey("t:ten_spell", `https://${host}/guides/soil?a=1&b=2`);
    await cache.set("page", own, { n: 2 }, 600);
    await cache.set("page", key, { n: 1 }, 600);
    const tenantPurge = await call(
      `/v1/admin/cache?kind=page&tenant=ten_spell&url=${encodeURIComponent(`https://${host}/guides/soil/?b=2&a=1`)}`,
      { method: "DELETE", headers: ADMIN },
    );
    expect(await tenantPurge.json()).toEqual({ purged: { l1: 1, l2: 1, l3: 0 }, key: own });
    expect(await cache.get("page", own, Value)).toEqual({ hit: false });
    expect(await cache.get("page", key, Value)).toMatchObject({ hit: true, value: { n: 1 } });
    const robots = robotsKey(`https://${host}`);
    await cache.set("robots", robots, { n: 1 }, 600);
    const response = await call(
      `/v1/admin/cache?kind=robots&url=${encodeURIComponent(`https://${host.toUpperCase()}:443/any/page#x`)}`,
      { method: "DELETE", headers: ADMIN },
    );
    expect(await response.json()).toEqual({ purged: { l1: 1, l2: 1, l3: 0 }, key: robots });
  });

  it("refuses a url that is not http(s), a url for a kind without one, and a url with a key", async () => {
    for (const query of [
      `kind=page&url=${encodeURIComponent("ftp://a.example/x")}`,
      "kind=page&url=not%20a%20url",
      `kind=search&url=${encodeURIComponent("https://a.example/")}`,
      `kind=page&url=${encodeURIComponent("https://a.example/")}&key=page:x`,
      "kind=page&tenant=ten_1",
    ]) {
      const response = await call(`/v1/admin/cache?${query}`, { method: "DELETE", headers: ADMIN });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("requires the admin token", async () => {
    expect((await call("/v1/admin/cache")).status).toBe(401);
    expect((await call("/v1/admin/cache?kind=page", { method: "DELETE" })).status).toBe(401);
  });
});
