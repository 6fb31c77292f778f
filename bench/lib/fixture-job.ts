/**
 * The whole job in this process against the fixture web: research through the real search and fetch adapters
 * (fixture server on a free loopback port), then write, assess and revise with the revision policy, as the
 * pipeline does. For benchmarks and for reading articles quickly; the demo runs the same stages in workerd.
 */

import { startFixtureServer } from "../../fixtures/lib/app.mjs";
import { HostPacer } from "../../src/adapters/fetch/pacing";
import { SafePageFetcher } from "../../src/adapters/fetch/page-fetcher";
import { SearxngSearch } from "../../src/adapters/search/searxng";
import { UrlListSearch } from "../../src/adapters/search/urls";
import type { Article } from "../../src/core/article/model";
import { type ArticleOptions, ArticleOptionsSchema } from "../../src/core/article/options";
import { type Assessment, assessArticle } from "../../src/core/assess/index";
import { systemClock } from "../../src/core/ports/clock";
import type { Writer } from "../../src/core/ports/writer";
import { runResearch } from "../../src/core/research/stage";
import type { ResearchReport } from "../../src/core/research/types";
import { DEFAULT_POLICY, runRevisionLoop } from "../../src/core/revision/policy";

export interface FixtureWeb {
  url: string;
  research(keyword: string, urls?: string[]): Promise<ResearchReport>;
  close(): Promise<void>;
}

export async function fixtureWeb(): Promise<FixtureWeb> {
  const server = await startFixtureServer({ port: 0 });
  const host = new URL(server.url).host;
  const outbound = (input: string, init: RequestInit) => globalThis.fetch(input, init);
  const fetcher = new SafePageFetcher({
    fetch: outbound,
    userAgent: "OptiBlogEdge-bench/0.1",
    allow: new Set([host]),
    pacer: new HostPacer(0, systemClock),
  });
  const search = new SearxngSearch(server.url, { fetch: outbound, timeoutMs: 10_000 });
  return {
    url: server.url,
    research: (keyword, urls) =>
      runResearch(
        { keyword, maxSources: urls?.length ?? 8, ...(urls ? { urls } : {}) },
        { search: urls ? new UrlListSearch(urls) : search, fetcher },
      ),
    close: () => server.close(),
  };
}

export interface JobOutcome {
  article?: Article;
  assessment?: Assessment;
  passed: boolean;
  failure?: string;
}

/** Write, assess and revise until the policy stops, as the pipeline does; a writer refusal is the job's failure. */
export async function writeAndAssess(
  report: ResearchReport,
  writer: Writer,
  optionsInput: Partial<ArticleOptions> = {},
): Promise<JobOutcome> {
  const options = ArticleOptionsSchema.parse(optionsInput);
  const sources = report.sources;
  try {
    const { best, passed } = await runRevisionLoop({
      policy: DEFAULT_POLICY,
      write: async (revision) =>
        (
          await writer.write({
            keyword: report.keyword,
            options,
            sources,
            competitors: report.competitors,
            ...(revision ? { revision } : {}),
          })
        ).article,
      assess: (article) => assessArticle(article, { sources, options, competitors: report.competitors }),
    });
    return { article: best.article, assessment: best.assessment, passed };
  } catch (error) {
    return { passed: false, failure: error instanceof Error ? error.message : String(error) };
  }
}
