import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MemoryTier } from "../../src/adapters/cache/memory";
import { extractKey, pageKey, searchKey } from "../../src/core/cache/keys";
import { cacheWorld } from "./cache-helpers";

const Num = z.number();

function setup(options: Parameters<typeof cacheWorld>[0] = {}) {
  return cacheWorld(options);
}

describe("the tiered cache", () => {
  it("promotes a value found in D1 to KV and isolate memory, keeping its expiry", async () => {
    const { cache, l1, l2, l3, advance } = setup();
    await cache.set("search", "search:k", 42, 60);
    l1.delete("search:k");
    l2.rows.delete("search:k");
    expect(await cache.get("search", "search:k", Num)).toEqual({ hit: true, tier: "l3", value: 42 });
    expect(l2.rows.has("search:k")).toBe(true);
    expect(await cache.get("search", "search:k", Num)).toEqual({ hit: true, tier: "l1", value: 42 });
    expect(l3.reads).toBe(1);
    advance(61_000);
    expect(await cache.get("search", "search:k", Num)).toEqual({ hit: false });
    expect(cache.counts().search).toEqual({
      l1: { hits: 1, misses: 2 },
      l2: { hits: 0, misses: 2 },
      l3: { hits: 1, misses: 1 },
    });
  });

  it("keeps an entry in isolate memory no longer than the memory tier's cap, then finds it again in KV", async () => {
    const { cache, advance } = setup({ l1MaxTtlMs: 10_000 });
    await cache.set("page", "page:a", 1, 3600);
    advance(11_000);
    expect(await cache.get("page", "page:a", Num)).toMatchObject({ hit: true, tier: "l2" });
    expect(await cache.get("page", "page:a", Num)).toMatchObject({ hit: true, tier: "l1" });
  });

  it("evicts the least recently used entries when isolate memory is over its byte bound", async () => {
    const l1 = new MemoryTier({ clock: { now: () => 0 }, maxBytes: 250, maxTtlMs: 60_000 });
    const text = (n: number) => JSON.stringify({ v: "x".repeat(n), e: 1e12 });
    await l1.put("a", "page", text(60), 1e12);
    await l1.put("b", "page", text(60), 1e12);
    await l1.get("a");
    await l1.put("c", "page", text(60), 1e12);
    expect(l1.bytes).toBeLessThanOrEqual(250);
    expect(await l1.get("b")).toBeUndefined();
    expect(await l1.get("a")).toBeDefined();
    expect(await l1.get("c")).toBeDefined();
  });

  it("remembers a failure as a negative entry until its short TTL runs out", async () => {
    const { cache, advance } = setup();
    let loads = 0;
    const load = async () => {
      loads++;
      return { negative: "http_5xx", ttlSeconds: 30 };
    };
    expect(await cache.getOrLoad("robots", "robots:x", Num, load)).toEqual({ negative: "http_5xx", source: "origin" });
    expect(await cache.getOrLoad("robots", "robots:x", Num, load)).toEqual({ negative: "http_5xx", source: "l1" });
    expect(loads).toBe(1);
    advance(31_000);
    await cache.getOrLoad("robots", "robots:x", Num, load);
    expect(loads).toBe(2);
  });

  it("makes one load for concurrent misses of one key in an isolate", async () => {
    const { make } = setup();
    let loads = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const load = async () => {
      loads++;
      await gate;
      return { value: 7, ttlSeconds: 60 };
    };
    const answers = Promise.all([1, 2, 3].map(() => make().getOrLoad("search", "search:q", Num, load)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect((await answers).map((a) => "value" in a && a.value)).toEqual([7, 7, 7]);
    expect(loads).toBe(1);
  });

  it("gives a lookup that shared a load which failed a load of its own, so the first caller's failure is not its own", async () => {
    const { make } = setup();
    let reject = (_error: Error) => {};
    const first = make().loadThrough("search", "search:q", () => new Promise((_resolve, fail) => (reject = fail)));
    const second = make().loadThrough("search", "search:q", async () => ({ value: 7, ttlSeconds: 60 }));
    reject(new DOMException("The operation was aborted.", "AbortError"));
    await expect(first).rejects.toThrow("aborted");
    expect(await second).toEqual({ value: 7, source: "origin" });
  });

  it("gives a lookup whose shared load has not ended after sharedWaitMs a load of its own, and later lookups do not wait on the stuck one", async () => {
    const { make, inFlight } = setup({ sharedWaitMs: 20 });
    const stuck = make().loadThrough("page", "page:p", () => new Promise<never>(() => {}));
    let loads = 0;
    const own = async () => {
      loads++;
      return { value: 3, ttlSeconds: 60 };
    };
    expect(await make().loadThrough("page", "page:p", own)).toEqual({ value: 3, source: "origin" });
    expect(await make().loadThrough("page", "page:p", own)).toEqual({ value: 3, source: "origin" });
    expect(loads).toBe(2);
    expect(inFlight.size).toBe(0);
    void stuck;
  });

  it("drops an entry that does not parse and loads the value again instead of serving it", async () => {
    const { cache, l1, l2, warnings } = setup();
    await l2.put("search:bad", "search", JSON.stringify({ v: "not a number", e: 1e15 }), 1e15);
    await l1.put("search:bad", "search", "{truncated", 1e15);
    const served = await cache.getOrLoad("search", "search:bad", Num, async () => ({ value: 5, ttlSeconds: 60 }));
    expect(served).toEqual({ value: 5, source: "origin" });
    expect(JSON.parse(l2.rows.get("search:bad")?.text ?? "{}").v).toBe(5);
    expect(warnings.filter((w) => w.includes("does not parse"))).toHaveLength(2);
  });

  it("treats a failing KV as a miss with a warning and still answers from D1 or the origin", async () => {
    const { cache, l1, l2, warnings } = setup();
    await cache.set("search", "search:k", 3, 60);
    await l1.delete("search:k");
    l2.failing = true;
    expect(await cache.get("search", "search:k", Num)).toEqual({ hit: true, tier: "l3", value: 3 });
    const loaded = await cache.getOrLoad("search", "search:other", Num, async () => ({ value: 9, ttlSeconds: 60 }));
    expect(loaded).toEqual({ value: 9, source: "origin" });
    expect(warnings.some((w) => w.includes("treated as a miss"))).toBe(true);
  });

  it("treats a failing D1 as a miss with a warning: the origin answers and the faster tiers still keep it", async () => {
    const { cache, l1, l2, l3, warnings } = setup();
    l3.failing = true;
    const load = async () => ({ value: 4, ttlSeconds: 60 });
    expect(await cache.getOrLoad("article", "article:t:a:k", Num, load)).toEqual({ value: 4, source: "origin" });
    expect(warnings).toEqual(["cache read failed: treated as a miss", "cache write failed: treated as a miss"]);
    expect(l2.rows.has("article:t:a:k")).toBe(true);
    await l1.delete("article:t:a:k");
    expect(await cache.get("article", "article:t:a:k", Num)).toEqual({ hit: true, tier: "l2", value: 4 });
    expect(cache.counts().article?.l3).toEqual({ hits: 0, misses: 1 });
  });

  it("leaves out of a tier an entry larger than the tier takes", async () => {
    const { cache, l1 } = setup({ maxBytes: 400 });
    await cache.set("page", "page:big", "y".repeat(500), 60);
    expect(await l1.get("page:big")).toBeUndefined();
    expect(await cache.get("page", "page:big", z.string())).toMatchObject({ hit: true, tier: "l2" });
  });

  it("takes a key's older value out of a tier its new value is too large for, instead of serving the old one", async () => {
    const { cache, l1 } = setup({ maxBytes: 400 });
    await cache.set("extract", "extract:a", "old article", 60);
    expect(await l1.get("extract:a")).toBeDefined();
    await cache.set("extract", "extract:a", "new article ".repeat(40), 60);
    expect(await l1.get("extract:a")).toBeUndefined();
    expect(await cache.get("extract", "extract:a", z.string())).toEqual({
      hit: true,
      tier: "l2",
      value: "new article ".repeat(40),
    });
    // The memory tier on its own does the same when it is given a value it cannot hold.
    await l1.put("k", "extract", "small", Date.UTC(2027, 0, 1));
    await l1.put("k", "extract", "z".repeat(500), Date.UTC(2027, 0, 1));
    expect(await l1.get("k")).toBeUndefined();
  });

  it("gives every spelling of one page one key, and other pages other keys", async () => {
    const key = await pageKey("public", "https://example.com/guides/soil?a=1&b=2");
    for (const spelling of [
      "HTTPS://Example.COM/guides/soil?a=1&b=2",
      "https://example.com:443/guides/soil?a=1&b=2",
      "https://example.com/guides/soil/?a=1&b=2",
      "https://example.com/guides/soil?b=2&a=1",
      "https://example.com/guides/soil?a=1&b=2#part-2",
      " https://example.com/guides/soil?a=1&b=2 ",
    ])
      expect(await pageKey("public", spelling), spelling).toBe(key);
    for (const other of [
      "http://example.com/guides/soil?a=1&b=2",
      "https://www.example.com/guides/soil?a=1&b=2",
      "https://example.com:8443/guides/soil?a=1&b=2",
      "https://example.com/guides/Soil?a=1&b=2",
      "https://example.com/guides/soil?a=1&b=3",
    ])
      expect(await pageKey("public", other), other).not.toBe(key);
    expect(await pageKey("public", "https://Example.com")).toBe(await pageKey("public", "https://example.com/"));
    expect(await pageKey("t:ten_1", "https://example.com/guides/soil?a=1&b=2")).not.toBe(key);
  });

  it("keeps every key under KV's 512 bytes, a long query in any script included", async () => {
    const keys = [
      await searchKey({ provider: "searxng", keyword: "æ—".repeat(100), language: "ja", limit: 16 }),
      await searchKey({ provider: "searxng", keyword: "raised bed soil", limit: 16 }),
      await searchKey({
        provider: "searxng",
        endpoint: `https://s.example/${"p".repeat(2000)}/`,
        keyword: "x",
        limit: 16,
      }),
      await pageKey("public", `https://example.com/${"a".repeat(2000)}`),
      await extractKey("t:ten_1", 1, "https://example.com/", "<html></html>"),
    ];
    for (const key of keys) expect(new TextEncoder().encode(key).byteLength).toBeLessThanOrEqual(512);
    expect(keys[1]).toBe("search:searxng:-:any:16:raised%20bed%20soil");
  });

  it("gives a query typed with composed or decomposed accents one key, short or hashed", async () => {
    const query = { provider: "searxng", language: "fr", limit: 16 };
    const composed = "caf\u00e9 cr\u00e8me";
    const decomposed = composed.normalize("NFD");
    expect(await searchKey({ ...query, keyword: decomposed })).toBe(await searchKey({ ...query, keyword: composed }));
    expect(await searchKey({ ...query, keyword: decomposed.repeat(30) })).toBe(
      await searchKey({ ...query, keyword: composed.repeat(30) }),
    );
  });

  it("never gives a long query's key to a query that spells out its hash", async () => {
    const long = "東京 ラーメン おすすめ 店 ランキング 2026 年 最新 版 人気";
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(long)))]
      .map((byte) => byte.toString(16).padStart(2, "0"))
      .join("");
    const query = { provider: "searxng", language: "ja", limit: 16 };
    const hashed = await searchKey({ ...query, keyword: long });
    expect(hashed.endsWith(digest)).toBe(true);
    expect(await searchKey({ ...query, keyword: digest })).not.toBe(hashed);
  });
});
