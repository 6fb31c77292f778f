import { type CacheScope, tenantScope } from "../cache/keys";
import { mapWithConcurrency } from "../concurrency";
import type { Cache } from "../ports/cache";
import { type Clock, systemClock } from "../ports/clock";
import type { PageFetcher } from "../ports/fetcher";
import type { SearchPort } from "../ports/search";
import { CachedSearch } from "./cached-search";
import { analyseCompetitors } from "./competitors";
import { CachedPageReader, FetchingPageReader, type PageReader, type PageSource } from "./page-reader";
import { PageReading } from "./page-words";
import { judgeRelevance, RELEVANCE_THRESHOLD } from "./relevance";
import { lexicalRelevance, type RelevanceScorer } from "./semantic-relevance";
import { toSource } from "./source";
import type { ResearchReport } from "./types";
import { markSamePages, selectCandidates } from "./urls";
import { type ValidityRules, validityRules } from "./validity";

export interface ResearchRequest {
  keyword: string;
  urls?: string[];
  maxSources: number;
  excludeDomains?: string[];
  language?: string;
  /** Whose request it is: pages of URLs a tenant gave are cached for that tenant alone. */
  tenantId?: string;
}

export interface ResearchDeps {
  search: SearchPort;
  fetcher: PageFetcher;
  /** With a cache, search results, pages and extractions are read through it. */
  cache?: Cache;
  clock?: Clock;
  validity?: Partial<ValidityRules>;
  /** Pages fetched at once for one job. */
  concurrency?: number;
  /** How relevance to the keyword is scored (default: lexical, offline). */
  relevance?: RelevanceScorer;
}

export const DEFAULT_CONCURRENCY = 4;

/**
 * The research stage: search (or take the caller's URLs), drop excluded domains and duplicates, fetch and extract
 * the top pages a few at a time, judge each against the validity rules and its relevance to the keyword (caller-given
 * URLs too: an off-topic page is reported, not silently used), and analyse the valid ones. Throws only
 * when the search provider fails (TransientError / PermanentError); every page's own trouble is in its Source.
 */
export async function runResearch(req: ResearchRequest, deps: ResearchDeps): Promise<ResearchReport> {
  const clock = deps.clock ?? systemClock;
  const rules = validityRules(deps.validity);
  const started = clock.now();

  // Ask for spare results: some will be excluded or duplicates.
  const limit = req.urls?.length ? req.urls.length : Math.min(20, req.maxSources * 2);
  const search = deps.cache && !req.urls?.length ? new CachedSearch(deps.search, deps.cache) : deps.search;
  const results = await search.search({ keyword: req.keyword, limit, language: req.language });
  const candidates = selectCandidates(results, req.excludeDomains).kept.slice(0, req.maxSources);
  const searched = clock.now();

  const reader: PageReader = deps.cache
    ? new CachedPageReader({ cache: deps.cache, fetcher: deps.fetcher, clock, scope: scopeOf(req) })
    : new FetchingPageReader(deps.fetcher);
  const pageSources: PageSource[] = [];
  const read = await mapWithConcurrency(candidates, deps.concurrency ?? DEFAULT_CONCURRENCY, async (result, index) => {
    const { outcome, page, source } = await reader.read(result.url);
    pageSources[index] = source;
    const judged = toSource(index + 1, result, outcome, rules, page);
    return deps.cache ? { ...judged, cache: source } : judged;
  });
  const distinct = markSamePages(read);
  const scorable = distinct.filter((s) => s.status !== "failed" && s.text);
  // Relevance and the key terms read the same pages' words: each page is read once.
  const reading = new PageReading();
  const scores = await (deps.relevance ?? lexicalRelevance).score(req.keyword, scorable, req.language, reading);
  const sources = judgeRelevance(
    distinct,
    req.keyword,
    RELEVANCE_THRESHOLD,
    new Map(scorable.map((s, i) => [s.id, scores[i] ?? 0])),
    req.language,
  );
  const fetched = clock.now();

  const competitors = analyseCompetitors(sources, req.keyword, reading);
  const analysed = clock.now();

  return {
    keyword: req.keyword,
    ...(req.language ? { language: req.language } : {}),
    sources,
    competitors,
    timings: {
      searchMs: searched - started,
      fetchMs: fetched - searched,
      analyseMs: analysed - fetched,
      totalMs: analysed - started,
      ...(deps.cache
        ? {
            searchFromCache: search instanceof CachedSearch && search.lastSource !== "origin" ? 1 : 0,
            pagesFromCache: pageSources.filter((source) => source !== "origin").length,
            pagesFetched: pageSources.filter((source) => source === "origin").length,
          }
        : {}),
    },
    ...(deps.cache ? { cache: deps.cache.counts() } : {}),
  };
}

/** Pages search found are everyone's; pages of URLs a caller gave are its tenant's alone. */
function scopeOf(req: ResearchRequest): CacheScope {
  return req.urls?.length ? tenantScope(req.tenantId ?? "unknown") : "public";
}
