/** The research stage's vocabulary, shared by the search, fetch, extraction, writing and assessment code. */

import type { z } from "zod";
import type { CacheCounts } from "../ports/cache";
import type { CompetitorAnalysisSchema, HeadingSchema, LinkSchema, SourceSchema } from "./source-schema";

export interface SearchResult {
  url: string;
  title: string;
  snippet: string;
  rank: number;
  engine: string;
}

export type Heading = z.infer<typeof HeadingSchema>;
export type Link = z.infer<typeof LinkSchema>;

/** What extraction reads off one HTML page. */
export interface ExtractedPage {
  title: string;
  metaDescription?: string;
  canonicalUrl?: string;
  language?: string;
  publishedAt?: string;
  siteName?: string;
  headings: Heading[];
  paragraphs: string[];
  lists: string[][];
  text: string;
  wordCount: number;
  links: Link[];
}

export { REJECTION_REASONS, type RejectionReason } from "./rejection";

/** One source as the research report keeps it: fetched and valid, or kept with the reason it is not used. */
export type Source = z.infer<typeof SourceSchema>;

export type CompetitorAnalysis = z.infer<typeof CompetitorAnalysisSchema>;
export type WordCountStats = CompetitorAnalysis["wordCount"];
/** One subtopic; `pages` is how many valid pages cover it. */
export type Subtopic = CompetitorAnalysis["subtopics"][number];

export interface ResearchReport {
  keyword: string;
  language?: string;
  sources: Source[];
  competitors: CompetitorAnalysis;
  timings: Record<string, number>;
  /** Cache hits and misses of this research by kind and tier (present when research ran with a cache). */
  cache?: CacheCounts;
}
