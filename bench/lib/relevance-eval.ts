/**
 * The product's relevance score against a BM25F-style one (relevance-bm25f.ts), on the fixture web's pages with
 * known topics: a page is about its site's topic (garden, money, dev) and about nothing else. Each request is a
 * keyword and the pages a run would judge: on-topic requests (the fixture topics and other wordings of them, found
 * through search) and off-topic ones (the bench's off-topic requests). For each scorer: the share of on-topic pages
 * kept (at or above the threshold) and of off-topic pages refused, and how many requests research would let
 * through (enough relevant pages, as a job decides).
 */
import { RELEVANCE_THRESHOLD, relevanceTo } from "../../src/core/research/relevance";
import type { ResearchReport, Source } from "../../src/core/research/types";
import { bm25fScores } from "./relevance-bm25f";

const SITE_OF_TOPIC: Record<string, string> = {
  "raised bed vegetable garden": "garden",
  "emergency fund": "money",
  "git pre-commit hooks": "dev",
};

/** Other wordings of the fixture topics, each with the site it is about. */
export const ON_TOPIC_WORDINGS: [string, string][] = [
  ["raised bed garden", "garden"],
  ["raised garden beds", "garden"],
  ["raised bed soil", "garden"],
  ["emergency savings fund", "money"],
  ["emergency fund frequently asked questions", "money"],
  ["pre-commit hooks", "dev"],
  ["git hooks", "dev"],
];

export interface Request {
  keyword: string;
  /** The site the keyword is about, or none for an off-topic request. */
  site?: string;
  pages: Source[];
}

const siteOf = (source: Source) => new URL(source.url).pathname.split("/")[1] ?? "";

interface Tally {
  onTopicPages: number;
  onTopicKept: number;
  offTopicPages: number;
  offTopicKept: number;
  onTopicRequests: number;
  onTopicFinished: number;
  offTopicRequests: number;
  offTopicFinished: number;
  lowestOnTopic: { keyword: string; url: string; score: number }[];
  highestOffTopic: { keyword: string; url: string; score: number }[];
}

const SCORERS: Record<string, (keyword: string, pages: Source[]) => number[]> = {
  "field score (product)": (keyword, pages) => pages.map((p) => relevanceTo(keyword, p)),
  "BM25F (candidate)": (keyword, pages) => bm25fScores(keyword, pages),
};

export function compareRelevance(requests: Request[]) {
  const out: Record<string, Tally> = {};
  for (const [name, score] of Object.entries(SCORERS)) {
    const tally: Tally = {
      onTopicPages: 0,
      onTopicKept: 0,
      offTopicPages: 0,
      offTopicKept: 0,
      onTopicRequests: 0,
      onTopicFinished: 0,
      offTopicRequests: 0,
      offTopicFinished: 0,
      lowestOnTopic: [],
      highestOffTopic: [],
    };
    const missed: Tally["lowestOnTopic"] = [];
    const intruders: Tally["highestOffTopic"] = [];
    for (const request of requests) {
      const pages = request.pages.filter((p) => p.status !== "failed" && p.text);
      const scores = score(request.keyword, pages);
      let kept = 0;
      pages.forEach((page, i) => {
        const s = scores[i] ?? 0;
        const about = request.site !== undefined && siteOf(page) === request.site;
        if (s >= RELEVANCE_THRESHOLD) kept++;
        if (about) {
          tally.onTopicPages++;
          if (s >= RELEVANCE_THRESHOLD) tally.onTopicKept++;
          missed.push({ keyword: request.keyword, url: new URL(page.url).pathname, score: s });
        } else {
          tally.offTopicPages++;
          if (s >= RELEVANCE_THRESHOLD) tally.offTopicKept++;
          intruders.push({ keyword: request.keyword, url: new URL(page.url).pathname, score: s });
        }
      });
      // As `enoughRelevantSources` decides: two relevant pages, or every page read when fewer were read.
      const finished = kept > 0 && kept >= Math.min(2, pages.length);
      if (request.site !== undefined) {
        tally.onTopicRequests++;
        if (finished) tally.onTopicFinished++;
      } else {
        tally.offTopicRequests++;
        if (finished) tally.offTopicFinished++;
      }
    }
    tally.lowestOnTopic = missed.sort((a, b) => a.score - b.score).slice(0, 8);
    tally.highestOffTopic = intruders.sort((a, b) => b.score - a.score).slice(0, 8);
    out[name] = tally;
  }
  return out;
}

/** The on-topic requests: the fixture topics' runs and other wordings of them, each run through research. */
export async function onTopicRequests(
  reports: Map<string, ResearchReport>,
  research: (keyword: string) => Promise<ResearchReport>,
): Promise<Request[]> {
  const out: Request[] = [];
  for (const [keyword, report] of reports) out.push({ keyword, site: SITE_OF_TOPIC[keyword], pages: report.sources });
  for (const [keyword, site] of ON_TOPIC_WORDINGS)
    out.push({ keyword, site, pages: (await research(keyword)).sources });
  return out;
}
