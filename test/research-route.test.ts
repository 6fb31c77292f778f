import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createTenant } from "./helpers";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

let key: string;
beforeAll(async () => {
  key = (await createTenant("Research Co")).key;
});

const paragraph = (topic: string, n: number) =>
  Array.from(
    { length: 5 },
    (_, i) =>
      `Gardeners building a ${topic} find that soil depth and drainage decide success, as note ${n * 10 + i} shows.`,
  ).join(" ");
const page = (title: string, topic: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title><meta name="description" content="All about ${topic}"></head><body>` +
  `<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav><main><article><h1>${title}</h1>` +
  [1, 2, 3, 4]
    .map((n) => `<h2>${n === 2 ? "How deep should it be?" : `Part ${n}`}</h2><p>${paragraph(topic, n)}</p>`)
    .join("") +
  `</article></main><footer>Copyright 2026 Garden Media</footer></body></html>`;

/** Replaces outbound fetch with a fake web, recording each URL requested. */
function fakeWeb(routes: Record<string, () => Response>) {
  const requested: string[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    requested.push(url);
    expect(new Headers(init?.headers).get("user-agent")).toMatch(/^OptiBlogEdge\/0\.1 \(\+https:\/\//);
    const parsed = new URL(url);
    // The search provider is wherever configuration puts it; a SearXNG query is recognised by its shape.
    const isSearch = parsed.pathname.endsWith("/search") && parsed.searchParams.get("format") === "json";
    const route = routes[url] ?? (isSearch ? routes.search : undefined);
    return route ? route() : new Response("not here", { status: 404 });
  }) as typeof fetch;
  return requested;
}

const research = (json: unknown, auth: Record<string, string> = bearer(key)) =>
  call("/v1/research", { method: "POST", headers: auth, json });

describe("POST /v1/research", () => {
  it("reads caller-given URLs into extracted sources and competitor analysis, blocking a private one unrequested", async () => {
    const requested = fakeWeb({
      "https://garden-one.test/raised-beds": () =>
        new Response(page("Raised bed basics", "raised bed garden"), {
          headers: { "content-type": "text/html; charset=utf-8" },
        }),
      "https://garden-two.test/guide": () =>
        new Response(page("Raised bed guide", "raised bed garden"), { headers: { "content-type": "text/html" } }),
    });
    const response = await research({
      keyword: "raised bed garden",
      urls: ["https://garden-one.test/raised-beds", "http://127.0.0.1:9/", "https://garden-two.test/guide"],
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      keyword: string;
      sources: {
        id: number;
        url: string;
        status: string;
        reason?: string;
        title: string;
        wordCount: number;
        headings: unknown[];
        text: string;
      }[];
      competitors: { pages: number; questions: { text: string; sources: number[] }[]; wordCount: { min: number } };
      timings: Record<string, number>;
    };
    expect(report.keyword).toBe("raised bed garden");
    expect(report.sources.map((s) => [s.id, s.url, s.status, s.reason])).toEqual([
      [1, "https://garden-one.test/raised-beds", "ok", undefined],
      [2, "http://127.0.0.1:9/", "failed", "ssrf_blocked"],
      [3, "https://garden-two.test/guide", "ok", undefined],
    ]);
    expect(report.sources[0]?.title).toBe("Raised bed basics");
    expect(report.sources[0]?.wordCount).toBeGreaterThanOrEqual(300);
    expect(report.sources[0]?.text).not.toContain("Copyright 2026");
    expect(report.competitors.pages).toBe(2);
    expect(report.competitors.questions[0]).toMatchObject({ text: "How deep should it be?", sources: [1, 3] });
    expect(Object.keys(report.timings)).toEqual([
      "searchMs",
      "fetchMs",
      "analyseMs",
      "totalMs",
      "searchFromCache",
      "pagesFromCache",
      "pagesFetched",
    ]);
    expect(requested.some((url) => url.includes("127.0.0.1"))).toBe(false);
    expect(requested).toEqual(
      expect.arrayContaining(["https://garden-one.test/robots.txt", "https://garden-two.test/robots.txt"]),
    );
  });

  it("declines pages whose sites ask not to be fed to generative AI, and reads a page whose header lies about its charset", async () => {
    const html = { "content-type": "text/html; charset=utf-8" };
    fakeWeb({
      "https://declines.test/robots.txt": () =>
        new Response("User-agent: *\nAllow: /\nContent-Signal: search=yes, ai-input=no\n"),
      "https://declines.test/raised-beds": () =>
        new Response(page("Declined by robots.txt", "raised bed garden"), { headers: html }),
      "https://header.test/raised-beds": () =>
        new Response(page("Declined by header", "raised bed garden"), {
          headers: { ...html, "content-usage": "train-ai=n, ai-use=n" },
        }),
      "https://trains.test/raised-beds": () =>
        new Response(page("Only training declined", "raised bed garden"), {
          headers: { ...html, "content-usage": "train-ai=n" },
        }),
      "https://latin.test/raised-beds": () =>
        new Response(new TextEncoder().encode(page("Raised bed — a gardener’s guide", "raised bed garden")), {
          headers: { "content-type": "text/html; charset=iso-8859-1" },
        }),
    });
    const response = await research({
      keyword: "raised bed garden",
      urls: [
        "https://declines.test/raised-beds",
        "https://header.test/raised-beds",
        "https://trains.test/raised-beds",
        "https://latin.test/raised-beds",
      ],
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      sources: { status: string; reason?: string; detail?: string; title: string }[];
    };
    expect(report.sources.map((s) => [s.status, s.reason])).toEqual([
      ["failed", "ai_use_declined"],
      ["failed", "ai_use_declined"],
      ["ok", undefined],
      ["ok", undefined],
    ]);
    expect(report.sources[0]?.detail).toContain('robots.txt "Content-Signal: search=yes, ai-input=no"');
    expect(report.sources[1]?.detail).toContain('"Content-Usage" header');
    expect(report.sources[3]?.title).toBe("Raised bed — a gardener’s guide");
  });

  it("searches with the configured provider when no URLs are given, honouring excludeDomains", async () => {
    const requested = fakeWeb({
      search: () =>
        Response.json({
          query: "raised bed",
          results: [
            { url: "https://www.pinterest.com/pin/1", title: "Pin", content: "pinned", engine: "bing" },
            { url: "https://garden-three.test/beds", title: "Beds", content: "About beds", engine: "duckduckgo" },
          ],
          unresponsive_engines: [],
        }),
      "https://garden-three.test/beds": () =>
        new Response(page("Raised beds 101", "raised bed"), { headers: { "content-type": "text/html" } }),
    });
    const response = await research({ keyword: "raised bed", maxSources: 3, excludeDomains: ["pinterest.com"] });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      sources: { id: number; url: string; status: string; snippet?: string }[];
    };
    expect(report.sources).toMatchObject([
      { id: 1, url: "https://garden-three.test/beds", status: "ok", snippet: "About beds" },
    ]);
    expect(requested.some((url) => url.includes("pinterest"))).toBe(false);
  });

  it("answers a search provider outage with 503 and Retry-After", async () => {
    fakeWeb({
      search: () => new Response("overloaded", { status: 503, headers: { "retry-after": "12" } }),
    });
    const response = await research({ keyword: "raised bed" });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("12");
  });

  it("answers a search provider refusal with 502, never 500", async () => {
    const requested = fakeWeb({
      search: () => new Response("forbidden", { status: 403 }),
    });
    const response = await research({ keyword: "raised bed" });
    expect(requested).toHaveLength(1);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { type: string }).type).toBe("/problems/upstream-failed");
  });

  it("rejects bad input field by field", async () => {
    const response = await research({
      keyword: "",
      urls: ["not a url"],
      maxSources: 21,
      excludeDomains: "pinterest.com",
      surprise: true,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["keyword", "urls.0", "maxSources", "excludeDomains"]),
    );
    expect((await research({ keyword: "x", maxSources: 0 })).status).toBe(400);
    expect((await research({ keyword: "x", urls: [] })).status).toBe(400);
    expect(
      (await research({ keyword: "x", urls: Array.from({ length: 21 }, (_, i) => `https://a.test/${i}`) })).status,
    ).toBe(400);
  });

  it("requires an API key", async () => {
    expect((await research({ keyword: "x" }, {})).status).toBe(401);
  });

  it("is documented in the OpenAPI document with an example", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }>;
      components: { schemas: Record<string, { example?: unknown }> };
    };
    expect(doc.paths["/v1/research"]?.post).toBeDefined();
    expect(doc.components.schemas.ResearchRequest?.example).toMatchObject({ keyword: "sourdough starter" });
  });
});
