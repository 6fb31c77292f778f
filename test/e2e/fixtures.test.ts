import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../fixtures/lib/app.mjs";

interface SearchResponse {
  query: string;
  number_of_results: number;
  results: { url: string; title: string; content: string; engine: string; score: number }[];
}

let web: FixtureServer;

beforeAll(async () => {
  web = await startFixtureServer({ port: 0 });
});
afterAll(async () => {
  await web?.close();
});

async function search(query: string): Promise<SearchResponse> {
  const response = await fetch(`${web.url}/search?q=${encodeURIComponent(query)}&format=json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as SearchResponse;
}

const pathOf = (url: string) => new URL(url).pathname;

describe("fixture web search (SearXNG JSON)", () => {
  it.each([
    ["raised bed vegetable garden", "/garden/"],
    ["git pre-commit hooks", "/dev/"],
    ["emergency fund", "/money/"],
  ])("ranks the matching topic's pages first for %s", async (query, prefix) => {
    const answer = await search(query);
    expect(answer.query).toBe(query);
    const top = answer.results.slice(0, 6);
    expect(top).toHaveLength(6);
    for (const result of top) expect(pathOf(result.url).startsWith(prefix)).toBe(true);
    const scores = answer.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("answers with the fields SearXNG sends for every result", async () => {
    const [first] = (await search("emergency fund")).results;
    expect(first).toMatchObject({ engine: "fixtures", category: "general" });
    expect(first?.title.length).toBeGreaterThan(10);
    expect(first?.content.length).toBeGreaterThan(20);
    expect(first?.url.startsWith(web.url)).toBe(true);
  });

  it("finds nothing for a query no page mentions", async () => {
    const answer = await search("quantum chromodynamics");
    expect(answer.results).toEqual([]);
    expect(answer.number_of_results).toBe(0);
  });

  it("refuses formats other than JSON, as a SearXNG instance without HTML output does", async () => {
    const response = await fetch(`${web.url}/search?q=garden`);
    expect(response.status).toBe(403);
  });
});

describe("fixture web pages", () => {
  it("disallows the members-only page in robots.txt while search still lists it", async () => {
    const robots = await (await fetch(`${web.url}/robots.txt`)).text();
    const blocked = web.catalog.pages.filter((page) => page.disallowed);
    expect(blocked).toHaveLength(1);
    expect(robots).toMatch(new RegExp(`^User-agent: \\*\\nDisallow: ${blocked[0]?.path}$`, "m"));
    const listed = (await search("raised bed vegetable garden")).results.map((r) => pathOf(r.url));
    expect(listed).toContain(blocked[0]?.path);
  });

  it("answers 301 for the legacy address search knows, pointing at a page that exists", async () => {
    const moved = web.catalog.pages.find((page) => page.legacyPath);
    expect(moved).toBeDefined();
    const response = await fetch(`${web.url}${moved?.legacyPath}`, { redirect: "manual" });
    expect(response.status).toBe(301);
    const location = response.headers.get("location") ?? "";
    expect(pathOf(location)).toBe(moved?.path);
    expect((await fetch(location)).status).toBe(200);
    const listed = (await search("raised bed soil mix compost")).results.map((r) => pathOf(r.url));
    expect(listed).toContain(moved?.legacyPath);
  });

  it("has one page too thin to use and real articles of 1,000+ words everywhere else", () => {
    const thin = web.catalog.pages.filter((page) => page.wordCount < 300);
    expect(thin).toHaveLength(1);
    const articles = web.catalog.pages.filter((page) => !page.disallowed && page.wordCount >= 300);
    for (const site of web.catalog.sites) {
      const ofSite = articles.filter((page) => page.site.id === site.id);
      expect(ofSite.length).toBeGreaterThanOrEqual(6);
      for (const page of ofSite) expect(page.wordCount, page.path).toBeGreaterThanOrEqual(1000);
    }
  });

  it("wraps each article in a real site's clutter around headings, lists and a table", async () => {
    const page = web.catalog.pages.find((p) => p.path.startsWith("/garden/") && p.wordCount >= 1000);
    const html = await (await fetch(`${web.url}${page?.path}`)).text();
    for (const marker of [
      "cookie-banner",
      "<nav",
      'class="sidebar"',
      'class="comments"',
      "<footer",
      "<h2",
      "<ul>",
      "<table>",
    ]) {
      expect(html, marker).toContain(marker);
    }
    expect(html).toContain(`<link rel="canonical" href="${web.url}${page?.path}">`);
  });

  it("answers 404 for an unknown page", async () => {
    expect((await fetch(`${web.url}/garden/no-such-page`)).status).toBe(404);
  });
});
