import { describe, expect, it } from "vitest";
import { TransientError } from "../../src/core/errors";
import type { FetchOutcome, PageFetcher } from "../../src/core/ports/fetcher";
import type { SearchPort } from "../../src/core/ports/search";
import { runResearch } from "../../src/core/research/stage";
import type { SearchResult } from "../../src/core/research/types";

const sentence = (topic: string, n: number) =>
  `Bakers who keep a ${topic} learn that rye flour and steady warmth matter more than any gadget, and note ${n} changes over a week.`;
const paragraph = (topic: string, n: number) =>
  Array.from({ length: 5 }, (_, i) => sentence(topic, n * 10 + i)).join(" ");

function article(title: string, topic: string, paragraphs = 4) {
  const body = Array.from(
    { length: paragraphs },
    (_, i) => `<h2>Part ${i + 1} of ${title}</h2><p>${paragraph(topic, i)}</p>`,
  ).join("");
  return `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav><article><h1>${title}</h1>${body}</article><footer>© 2026</footer></body></html>`;
}

const ok = (url: string, html: string, finalUrl = url): FetchOutcome => ({
  ok: true,
  url,
  finalUrl,
  status: 200,
  contentType: "text/html",
  html,
  fetchedAt: "2026-11-26T12:00:00.000Z",
});

function searchOf(results: Partial<SearchResult>[]): SearchPort & { queries: unknown[] } {
  const queries: unknown[] = [];
  return {
    name: "stub",
    queries,
    search: async (query) => {
      queries.push(query);
      return results.map((r, i) => ({ url: "", title: "", snippet: "", rank: i + 1, engine: "stub", ...r }));
    },
  };
}

function fetcherOf(pages: Record<string, FetchOutcome | string>) {
  const requested: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetcher: PageFetcher = {
    fetch: async (url) => {
      requested.push(url);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      const page = pages[url];
      if (page === undefined) return { ok: false, url, reason: "http_4xx", status: 404 };
      return typeof page === "string" ? ok(url, page) : page;
    },
  };
  return { fetcher, requested, maxInFlight: () => maxInFlight };
}

describe("the research stage", () => {
  it("searches, drops exclusions and duplicates, fetches the top pages and numbers the sources from 1", async () => {
    const search = searchOf([
      { url: "https://a.test/guide", title: "A from search", snippet: "snippet a" },
      { url: "https://www.pinterest.com/pin/1" },
      { url: "https://a.test/guide/?utm_source=x" },
      { url: "https://b.test/short" },
      { url: "https://c.test/gone" },
      { url: "https://d.test/extra" },
    ]);
    const { fetcher, requested } = fetcherOf({
      "https://a.test/guide": article("Sourdough starter guide", "sourdough starter"),
      "https://b.test/short": "<html><head><title>Short</title></head><body><p>Just a few words.</p></body></html>",
    });
    const report = await runResearch(
      { keyword: "sourdough starter", maxSources: 3, excludeDomains: ["pinterest.com"], language: "en" },
      { search, fetcher },
    );
    expect(search.queries).toEqual([{ keyword: "sourdough starter", limit: 6, language: "en" }]);
    expect([...requested].sort()).toEqual(["https://a.test/guide", "https://b.test/short", "https://c.test/gone"]);
    expect(report.sources.map((s) => [s.id, s.url, s.status, s.reason])).toEqual([
      [1, "https://a.test/guide", "ok", undefined],
      [2, "https://b.test/short", "invalid", "too_few_words"],
      [3, "https://c.test/gone", "failed", "http_4xx"],
    ]);
    const [first, second] = report.sources;
    expect(first?.title).toBe("Sourdough starter guide");
    expect(first?.snippet).toBe("snippet a");
    expect(first?.wordCount).toBeGreaterThanOrEqual(300);
    expect(first?.text).toContain("rye flour");
    expect(first?.text).not.toContain("© 2026");
    expect(second?.text).toContain("Just a few words");
    expect(report.competitors.pages).toBe(1);
    expect(report.language).toBe("en");
  });

  it("reads as many pages as it may when search also lists results that are no http(s) URL", async () => {
    const search = searchOf([
      { url: "magnet:?xt=urn:btih:abc" },
      { url: "https://a.test/guide" },
      { url: "ftp://files.test/starter.txt" },
      { url: "https://b.test/guide" },
    ]);
    const { fetcher, requested } = fetcherOf({
      "https://a.test/guide": article("Sourdough starter guide", "sourdough starter"),
      "https://b.test/guide": article("Keeping a starter", "sourdough starter"),
    });
    const report = await runResearch({ keyword: "sourdough starter", maxSources: 2 }, { search, fetcher });
    expect([...requested].sort()).toEqual(["https://a.test/guide", "https://b.test/guide"]);
    expect(report.sources.map((s) => [s.id, s.url, s.status])).toEqual([
      [1, "https://a.test/guide", "ok"],
      [2, "https://b.test/guide", "ok"],
    ]);
  });

  it("reads a page two results redirect to once: the later copy is a duplicate, not a second source to cite", async () => {
    const search = searchOf([
      { url: "https://a.test/old-guide" },
      { url: "http://a.test/guide" },
      { url: "https://b.test/guide" },
    ]);
    const page = article("Sourdough starter guide", "sourdough starter");
    const { fetcher } = fetcherOf({
      "https://a.test/old-guide": ok("https://a.test/old-guide", page, "https://a.test/guide"),
      "http://a.test/guide": ok("http://a.test/guide", page, "https://a.test/guide"),
      "https://b.test/guide": article("Keeping a starter", "sourdough starter"),
    });
    const report = await runResearch({ keyword: "sourdough starter", maxSources: 3 }, { search, fetcher });
    expect(report.sources.map((s) => [s.id, s.status, s.reason, s.detail])).toEqual([
      [1, "ok", undefined, undefined],
      [2, "invalid", "duplicate", "the same page as source 1"],
      [3, "ok", undefined, undefined],
    ]);
    expect(report.competitors.pages).toBe(2);
  });

  it("applies configurable validity rules", async () => {
    const { fetcher } = fetcherOf({ "https://a.test/": article("Guide", "starter", 2) });
    const strict = await runResearch(
      { keyword: "k", maxSources: 1 },
      { search: searchOf([{ url: "https://a.test/" }]), fetcher },
    );
    expect(strict.sources[0]).toMatchObject({ status: "invalid", reason: "too_few_words" });
    expect(strict.sources[0]?.wordCount).toBeGreaterThan(200);
    const fewParagraphs = await runResearch(
      { keyword: "k", maxSources: 1 },
      { search: searchOf([{ url: "https://a.test/" }]), fetcher, validity: { minWords: 100 } },
    );
    expect(fewParagraphs.sources[0]).toMatchObject({ status: "invalid", reason: "too_few_paragraphs" });
    const lenient = await runResearch(
      { keyword: "k", maxSources: 1 },
      { search: searchOf([{ url: "https://a.test/" }]), fetcher, validity: { minParagraphs: 2, minWords: 100 } },
    );
    expect(lenient.sources[0]?.status).toBe("ok");
  });

  it("keeps at most `concurrency` fetches in flight and the sources in rank order", async () => {
    const urls = Array.from({ length: 9 }, (_, i) => `https://s${i}.test/`);
    const pages = Object.fromEntries(urls.map((url) => [url, article(`Page ${url}`, "starter")]));
    const { fetcher, maxInFlight } = fetcherOf(pages);
    const report = await runResearch(
      { keyword: "k", urls, maxSources: 9 },
      { search: searchOf(urls.map((url) => ({ url }))), fetcher, concurrency: 3 },
    );
    expect(maxInFlight()).toBe(3);
    expect(report.sources.map((s) => s.url)).toEqual(urls);
    expect(report.competitors.pages).toBe(9);
    expect(report.competitors.wordCount.min).toBeGreaterThanOrEqual(300);
  });

  it("times each phase with the injected clock", async () => {
    let now = 0;
    const clock = { now: () => (now += 5) };
    const report = await runResearch(
      { keyword: "k", maxSources: 2 },
      { search: searchOf([]), fetcher: fetcherOf({}).fetcher, clock },
    );
    expect(report.sources).toEqual([]);
    expect(report.timings).toEqual({ searchMs: 5, fetchMs: 5, analyseMs: 5, totalMs: 15 });
  });

  it("lets a search failure through as the typed error it is", async () => {
    const search: SearchPort = {
      name: "down",
      search: async () => {
        throw new TransientError("search_http_503", "down", 20);
      },
    };
    await expect(
      runResearch({ keyword: "k", maxSources: 2 }, { search, fetcher: fetcherOf({}).fetcher }),
    ).rejects.toBeInstanceOf(TransientError);
  });
});
