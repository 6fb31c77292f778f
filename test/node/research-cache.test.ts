import { describe, expect, it, vi } from "vitest";
import { GuardPacer, HostPacer, type Pacer } from "../../src/adapters/fetch/pacing";
import { SafePageFetcher } from "../../src/adapters/fetch/page-fetcher";
import { RobotsCache } from "../../src/adapters/fetch/robots";
import { UrlListSearch } from "../../src/adapters/search/urls";
import { pageKey } from "../../src/core/cache/keys";
import type { SearchPort } from "../../src/core/ports/search";
import { CachedPageReader } from "../../src/core/research/page-reader";
import { runResearch } from "../../src/core/research/stage";
import { cacheWorld } from "./cache-helpers";

const UA = "OptiBlogEdge/0.1 (+https://github.com/optiblog/optiblog-edge)";
const PARAGRAPH =
  "Raised beds warm up early in spring and drain well after rain, which suits most vegetables and herbs. ";
const page = (title: string) =>
  `<html><head><title>${title}</title><meta property="og:site_name" content="Garden Weekly"></head><body><article><h1>${title}</h1>${Array.from(
    { length: 6 },
    () => `<p>${PARAGRAPH.repeat(6)}</p>`,
  ).join("")}</article></body></html>`;

type Route = (headers: Headers) => Response;

/** A fake web with a request log, a counting search provider and research deps over one cache world. */
function setup(routes: Record<string, Route> = {}) {
  const world = cacheWorld();
  const requests: { url: string; headers: Headers }[] = [];
  const html =
    (title: string, headers: Record<string, string> = {}) =>
    () =>
      new Response(page(title), { headers: { "content-type": "text/html; charset=utf-8", ...headers } });
  const web: Record<string, Route> = {
    "https://a.example/robots.txt": () => new Response("User-agent: *\nCrawl-delay: 2\n"),
    "https://a.example/one": html("Raised bed gardens one", { etag: '"v1"' }),
    "https://b.example/two": html("Raised bed gardens two", { "last-modified": "Tue, 01 Dec 2026 10:00:00 GMT" }),
    ...routes,
  };
  const paced: { host: string; intervalMs?: number }[] = [];
  const pacer: Pacer = {
    async wait(host, intervalMs) {
      paced.push({ host, intervalMs });
      return () => {};
    },
  };
  const fetcher = new SafePageFetcher({
    fetch: async (url, init) => {
      const headers = new Headers(init.headers);
      requests.push({ url, headers });
      const route = web[url];
      return route ? route(headers) : new Response("missing", { status: 404 });
    },
    userAgent: UA,
    clock: world.clock,
    pacer,
    robots: new RobotsCache(world.clock, 0),
  });
  let searches = 0;
  const search: SearchPort = {
    name: "fake",
    async search() {
      searches++;
      return [
        { url: "https://a.example/one", title: "one", snippet: "", rank: 1, engine: "fake" },
        { url: "https://b.example/two", title: "two", snippet: "", rank: 2, engine: "fake" },
      ];
    },
  };
  const research = (extra: { urls?: string[]; tenantId?: string } = {}, cache = world.make()) =>
    runResearch(
      { keyword: "raised bed gardens", maxSources: 4, ...extra },
      { search: extra.urls ? new UrlListSearch(extra.urls) : search, fetcher, cache, clock: world.clock },
    );
  const pageRequests = () => requests.filter((r) => !r.url.endsWith("/robots.txt"));
  return { world, research, requests, pageRequests, paced, searches: () => searches, fetcher };
}

describe("research through the cache", () => {
  it("reads search results, pages and extractions from the cache the second time", async () => {
    const { research, pageRequests, searches } = setup();
    const first = await research();
    expect(first.sources.map((s) => s.cache)).toEqual(["origin", "origin"]);
    expect(first.timings).toMatchObject({ searchFromCache: 0, pagesFromCache: 0, pagesFetched: 2 });
    const second = await research();
    expect(searches()).toBe(1);
    expect(pageRequests()).toHaveLength(2);
    expect(second.sources.map((s) => s.cache)).toEqual(["l1", "l1"]);
    expect(second.timings).toMatchObject({ searchFromCache: 1, pagesFromCache: 2, pagesFetched: 0 });
    // A source read from the cache is the source read from the web, all of what extraction read included.
    const read = (sources: typeof first.sources) => sources.map(({ cache: _cache, ...source }) => source);
    expect(read(second.sources)).toEqual(read(first.sources));
    expect(second.sources[0]?.siteName).toBe("Garden Weekly");
    expect(second.cache?.extract?.l1).toEqual({ hits: 2, misses: 0 });
  });

  it("revalidates a stale page with its validators and counts the 304 as a hit", async () => {
    const { research, world, requests } = setup({
      "https://a.example/one": (headers) =>
        headers.get("if-none-match") === '"v1"'
          ? new Response(null, { status: 304, headers: { etag: '"v1"' } })
          : new Response(page("Raised bed gardens one"), { headers: { "content-type": "text/html", etag: '"v1"' } }),
    });
    await research();
    world.advance(7 * 3600_000);
    const again = await research();
    const conditional = requests.filter((r) => r.headers.has("if-none-match") || r.headers.has("if-modified-since"));
    // the two pages are fetched concurrently, so their order is not part of the contract
    expect(conditional.map((r) => r.url).sort()).toEqual(["https://a.example/one", "https://b.example/two"]);
    expect(again.sources[0]).toMatchObject({ cache: "revalidated", status: "ok" });
    expect(again.sources[1]?.cache).toBe("origin");
    expect(again.timings).toMatchObject({ pagesFromCache: 1, pagesFetched: 1 });
    // The 304 is the hit of the tier that held the copy; only the page that came back whole is a load.
    expect(again.cache?.page).toEqual({
      l1: { hits: 0, misses: 2 },
      l2: { hits: 2, misses: 0 },
      origin: { hits: 0, misses: 1 },
    });
    const second = conditional.find((r) => r.url === "https://b.example/two");
    expect(second?.headers.get("if-modified-since")).toBe("Tue, 01 Dec 2026 10:00:00 GMT");
  });

  it("serves a stale page whose origin fails for now, asks again soon, and drops it once the site refuses it", async () => {
    let answer: "page" | "unreachable" | "500" | "robots" = "page";
    const { research, world, pageRequests } = setup({
      "https://a.example/robots.txt": () =>
        new Response(answer === "robots" ? "User-agent: *\nDisallow: /one\n" : "User-agent: *\n"),
      "https://a.example/one": () => {
        if (answer === "unreachable") throw new Error("connection reset");
        if (answer === "500") return new Response("down", { status: 500 });
        return new Response(page("Raised bed gardens one"), { headers: { "content-type": "text/html", etag: '"v1"' } });
      },
    });
    const one = async () => (await research()).sources.find((s) => s.url === "https://a.example/one");
    const asked = () => pageRequests().filter((r) => r.url === "https://a.example/one").length;
    await research();
    world.advance(7 * 3600_000);
    answer = "unreachable";
    expect(await one()).toMatchObject({ status: "ok", cache: "l2" });
    // Served as it is for a short while: the failing origin is not asked at once again.
    const before = asked();
    expect(await one()).toMatchObject({ status: "ok", cache: "l1" });
    expect(asked()).toBe(before);
    world.advance(11 * 60_000);
    answer = "500";
    expect(await one()).toMatchObject({ status: "ok" });
    expect(asked()).toBe(before + 1);
    world.advance(11 * 60_000);
    answer = "robots";
    expect(await one()).toMatchObject({ status: "failed", reason: "blocked_by_robots" });
  });

  it("stops using a cached page whose 304 says the site now declines AI use, and remembers that", async () => {
    let declines = false;
    const { research, world, pageRequests } = setup({
      "https://a.example/one": (headers) =>
        headers.get("if-none-match") === '"v1"'
          ? new Response(null, {
              status: 304,
              headers: { etag: '"v1"', ...(declines ? { "x-robots-tag": "noai" } : {}) },
            })
          : new Response(page("Raised bed gardens one"), { headers: { "content-type": "text/html", etag: '"v1"' } }),
    });
    await research();
    world.advance(7 * 3600_000);
    expect((await research()).sources[0]).toMatchObject({ cache: "revalidated", status: "ok" });
    world.advance(7 * 3600_000);
    declines = true;
    const declined = await research();
    expect(declined.sources.find((s) => s.url === "https://a.example/one")).toMatchObject({
      status: "failed",
      reason: "ai_use_declined",
    });
    const asked = pageRequests().length;
    // The refusal is remembered, as robots.txt refusals are: the page is not asked again at once.
    const again = await research();
    expect(again.sources.find((s) => s.url === "https://a.example/one")?.reason).toBe("ai_use_declined");
    expect(pageRequests().filter((r) => r.url === "https://a.example/one")).toHaveLength(
      pageRequests()
        .slice(0, asked)
        .filter((r) => r.url === "https://a.example/one").length,
    );
  });

  it("remembers only briefly a page whose wait for its own crawl turn left it no time", async () => {
    const world = cacheWorld();
    const deadlines: AbortController[] = [];
    const asked: string[] = [];
    let late = false;
    const fetcher = new SafePageFetcher({
      fetch: async (url) => {
        asked.push(url);
        if (url.endsWith("/robots.txt")) return new Response("User-agent: *\nCrawl-delay: 30\n");
        return new Response(page("Raised bed gardens one"), { headers: { "content-type": "text/html" } });
      },
      userAgent: UA,
      clock: world.clock,
      robots: new RobotsCache(world.clock),
      timeoutSignal: () => {
        const controller = new AbortController();
        deadlines.push(controller);
        return controller.signal;
      },
      // The wait for the page's turn uses up the page's time (as a long Crawl-delay behind other pages does).
      pacer: {
        async wait() {
          if (late) for (const deadline of deadlines) deadline.abort(new DOMException("timed out", "TimeoutError"));
          return () => {};
        },
      },
    });
    const read = () =>
      new CachedPageReader({ cache: world.make(), fetcher, clock: world.clock, scope: "public", extractorVersion: 1 })
        .read("https://a.example/one")
        .then((answer) => answer.outcome);
    await fetcher.fetch("https://a.example/robots-warm-up"); // robots.txt read and cached before the turn runs late
    late = true;
    expect(await read()).toMatchObject({ ok: false, reason: "timeout" });
    late = false;
    world.advance(2 * 60_000);
    // Two minutes on, the page is asked for again: a 10-minute negative entry would have kept it out.
    expect(await read()).toMatchObject({ ok: true });
    expect(asked.filter((url) => url === "https://a.example/one")).toHaveLength(1);
  });

  it("re-extracts from the cached HTML when the extractor's version changes, without fetching again", async () => {
    const { world, fetcher, pageRequests } = setup();
    const read = async (extractorVersion: number) => {
      const cache = world.make();
      const reader = new CachedPageReader({ cache, fetcher, clock: world.clock, scope: "public", extractorVersion });
      const answer = await reader.read("https://a.example/one");
      return { answer, counts: cache.counts() };
    };
    await read(1);
    const same = await read(1);
    const newer = await read(2);
    expect(pageRequests()).toHaveLength(1);
    expect(same.counts.extract?.origin).toBeUndefined();
    expect(newer.counts.extract?.origin).toEqual({ hits: 0, misses: 1 });
    expect(newer.answer.page?.title).toBe("Raised bed gardens one");
  });

  it("keeps the pages of a tenant's own URLs from other tenants", async () => {
    const { research, pageRequests } = setup();
    const urls = ["https://a.example/one"];
    await research({ urls, tenantId: "tenant-a" });
    const other = await research({ urls, tenantId: "tenant-b" });
    const same = await research({ urls, tenantId: "tenant-a" });
    expect(other.sources[0]?.cache).toBe("origin");
    expect(same.sources[0]?.cache).toBe("l1");
    expect(pageRequests()).toHaveLength(2);
  });

  it("remembers a failed page for a short while, then asks again", async () => {
    let calls = 0;
    const { research, world } = setup({
      "https://b.example/two": () => {
        calls++;
        return new Response("broken", { status: 500 });
      },
    });
    await research();
    const second = await research();
    expect(second.sources[1]).toMatchObject({ status: "failed", reason: "http_5xx", cache: "l1" });
    expect(calls).toBe(1);
    world.advance(11 * 60_000);
    await research();
    expect(calls).toBe(2);
  });

  it("drops a cached page that does not parse and fetches the page again", async () => {
    const { research, world, pageRequests } = setup();
    const key = await pageKey("public", "https://a.example/one");
    const garbage = JSON.stringify({ v: { html: 42 }, e: world.clock.now() + 3600_000 });
    await world.l2.put(key, "page", garbage, world.clock.now() + 3600_000);
    const report = await research();
    expect(report.sources[0]).toMatchObject({ cache: "origin", status: "ok" });
    expect(pageRequests().map((r) => r.url)).toContain("https://a.example/one");
    expect(world.warnings.some((w) => w.includes("does not parse"))).toBe(true);
  });

  it("treats a failing KV as a miss: research still completes from the web", async () => {
    const { research, world } = setup();
    world.l2.failing = true;
    const report = await research();
    expect(report.sources.map((s) => s.status)).toEqual(["ok", "ok"]);
    expect(world.warnings.some((w) => w.includes("treated as a miss"))).toBe(true);
  });

  it("paces a host by its robots.txt Crawl-delay when it is longer than the minimum", async () => {
    const { research, paced } = setup();
    await research();
    expect(paced.find((p) => p.host === "a.example" && p.intervalMs)?.intervalMs).toBe(2000);
    expect(paced.find((p) => p.host === "b.example" && p.intervalMs !== undefined)?.intervalMs).toBe(0);
  });

  it("shares a robots.txt file through the cache: another isolate's rules need no second request", async () => {
    const { world, requests } = setup();
    const cache = world.make();
    const load = async (robotsUrl: string) => {
      requests.push({ url: robotsUrl, headers: new Headers() });
      return { kind: "found" as const, text: "User-agent: *\nDisallow: /private\n" };
    };
    const url = new URL("https://c.example/private/x");
    expect(await new RobotsCache(world.clock).isAllowed(url, UA, load, cache)).toBe(false);
    expect(await new RobotsCache(world.clock).isAllowed(url, UA, load, cache)).toBe(false);
    expect(requests.filter((r) => r.url === "https://c.example/robots.txt")).toHaveLength(1);
  });
});

describe("the isolate pacer", () => {
  it("holds the longer of its minimum and a Crawl-delay between two requests to a host", async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new HostPacer(100, { now: () => now }, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    await pacer.wait("h", 500);
    await pacer.wait("h");
    expect(waits).toEqual([500]);
  });

  it("falls back to pacing within the isolate, with a warning, when the domain's Guard cannot be reached", async () => {
    const waits: number[] = [];
    const warnings: string[] = [];
    const log = {
      debug() {},
      info() {},
      error() {},
      warn(msg: string) {
        warnings.push(msg);
      },
      with() {
        return log;
      },
    };
    const down = {
      domain: () => ({
        begin: async (): Promise<number> => {
          throw new Error("no guard");
        },
        done: async () => {},
      }),
    };
    const local = new HostPacer(300, { now: () => 0 }, async (ms) => {
      waits.push(ms);
    });
    const pacer = new GuardPacer(down, 300, local, log);
    await pacer.wait("h");
    await pacer.wait("h");
    expect(waits).toEqual([300]);
    expect(warnings).toHaveLength(2);
  });

  it("tells the domain's Guard when the request of its turn is answered", async () => {
    const calls: string[] = [];
    const guards = {
      domain: (host: string) => ({
        begin: async (intervalMs: number) => {
          calls.push(`begin ${host} ${intervalMs}`);
          return 7;
        },
        done: async (turn: number) => {
          calls.push(`done ${host} ${turn}`);
        },
      }),
    };
    const pacer = new GuardPacer(guards, 100, new HostPacer(100, { now: () => 0 }));
    const done = await pacer.wait("h", 2000);
    expect(calls).toEqual(["begin h 2000"]);
    done?.();
    await Promise.resolve();
    expect(calls).toEqual(["begin h 2000", "done h 7"]);
  });

  it("tells the domain's Guard its caller's deadline, and ends at once a turn granted after the caller gave up", async () => {
    const calls: string[] = [];
    let grant = (_turn: number | undefined) => {};
    const guards = {
      domain: () => ({
        begin: (_intervalMs: number, notAfter?: number) => {
          calls.push(`begin by ${notAfter}`);
          return new Promise<number | undefined>((resolve) => {
            grant = resolve;
          });
        },
        done: async (turn: number) => {
          calls.push(`done ${turn}`);
        },
      }),
    };
    const now = vi.spyOn(Date, "now").mockReturnValue(1_000);
    try {
      const giveUp = new AbortController();
      const pacer = new GuardPacer(guards, 100, new HostPacer(100, { now: () => 0 }));
      const waiting = pacer.wait("h", 0, { withinMs: 5_000, signal: giveUp.signal });
      giveUp.abort();
      expect(await waiting).toBeUndefined();
      grant(9);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(calls).toEqual(["begin by 6000", "done 9"]);
    } finally {
      now.mockRestore();
    }
  });
});
