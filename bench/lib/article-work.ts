/**
 * One article's Worker work without any wait, shared by `npm run bench:cpu` and `npm run bench:cpu:ab`: research
 * over fixture pages already in memory, the extractive writer with its assessment and revisions, rendering, and
 * the events' validation and encoding as the appends do them. The modules come from the caller, so that
 * bench:cpu:ab can run the same work on another commit's tree.
 */
import { startFixtureServer } from "../../fixtures/lib/app.mjs";
import type { UrlListSearch } from "../../src/adapters/search/urls";
import type { EventDataSchemas } from "../../src/core/jobs/events";
import type { FetchOutcome, PageFetcher } from "../../src/core/ports/fetcher";
import type { renderHtml, renderJson, renderMarkdown } from "../../src/core/render/index";
import type { runResearch } from "../../src/core/research/stage";
import type { ResearchReport } from "../../src/core/research/types";
import type { ExtractiveWriter } from "../../src/core/writing/extractive/index";
import type { writeAndAssess } from "./fixture-job";

export const TOPICS = ["raised bed vegetable garden", "emergency fund", "git pre-commit hooks"];

/** The modules the article work calls, from this checkout or from another commit's tree. */
export interface ArticleModules {
  UrlListSearch: typeof UrlListSearch;
  EventDataSchemas: typeof EventDataSchemas;
  renderHtml: typeof renderHtml;
  renderMarkdown: typeof renderMarkdown;
  renderJson: typeof renderJson;
  runResearch: typeof runResearch;
  ExtractiveWriter: typeof ExtractiveWriter;
  writeAndAssess: typeof writeAndAssess;
}

/** The fixture pages of each topic (up to `sources` each), fetched once: the measured work never waits on the network. */
export async function pagesByTopic(sources: number): Promise<Map<string, Map<string, string>>> {
  const server = await startFixtureServer({ port: 0 });
  try {
    const out = new Map<string, Map<string, string>>();
    for (const topic of TOPICS) {
      const answer = await fetch(`${server.url}/search?q=${encodeURIComponent(topic)}&format=json`);
      const search = (await answer.json()) as { results: { url: string }[] };
      const pages = new Map<string, string>();
      for (const { url } of search.results.slice(0, sources)) pages.set(url, await (await fetch(url)).text());
      out.set(topic, pages);
    }
    return out;
  } finally {
    await server.close();
  }
}

/** A fetcher that answers from pages already in memory, as a fetched 200 page (an unknown URL reads as empty). */
export const memoryFetcher = (pages: Map<string, string>): PageFetcher => ({
  async fetch(url): Promise<FetchOutcome> {
    return {
      ok: true,
      url,
      finalUrl: url,
      status: 200,
      contentType: "text/html",
      html: pages.get(url) ?? "",
      fetchedAt: new Date(0).toISOString(),
    };
  },
});

/** The work of one article with the given modules; returns its research report. */
export function articleWork(m: ArticleModules) {
  return async (keyword: string, pages: Map<string, string>): Promise<ResearchReport> => {
    const urls = [...pages.keys()];
    const report = await m.runResearch(
      { keyword, urls, maxSources: pages.size },
      { search: new m.UrlListSearch(urls), fetcher: memoryFetcher(pages) },
    );
    const outcome = await m.writeAndAssess(report, new m.ExtractiveWriter());
    if (outcome.article) {
      m.renderHtml(outcome.article);
      m.renderMarkdown(outcome.article);
      JSON.stringify(m.renderJson(outcome.article));
    }
    // What the appends do besides the database: validate each event's data and encode it.
    JSON.stringify(m.EventDataSchemas.ResearchCompleted.parse({ run: 1, report }));
    if (outcome.article && outcome.assessment) {
      const scores = { seo: 80, quality: 80, overall: 80 };
      const completed = { run: 1, bestAttempt: 1, passed: outcome.passed, reason: "passed", scores };
      JSON.stringify(m.EventDataSchemas.ArticleCompleted.parse(completed));
    }
    return report;
  };
}
