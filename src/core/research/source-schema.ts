import { z } from "zod";
import { REJECTION_REASONS } from "./rejection";

/**
 * One source as research keeps it: the single schema the research route returns, callers hand back to
 * `/v1/write` and `/v1/analyze/quality`, and the ResearchCompleted event records. Caps keep one request's
 * work bounded; research itself stays far below them.
 */
export const MAX_SOURCE_TEXT = 1_000_000;

export const HeadingSchema = z.object({ level: z.number().int().min(1).max(6), text: z.string().max(1000) });
export const LinkSchema = z.object({ href: z.string().max(4096), text: z.string().max(2000) });

export const SourceSchema = z.object({
  /** 1-based; citations `[n]` in an article point here. */
  id: z.number().int().positive(),
  url: z.string().min(1).max(2048),
  finalUrl: z.string().max(2048).optional(),
  status: z.enum(["ok", "invalid", "failed"]),
  reason: z.enum(REJECTION_REASONS).optional(),
  detail: z.string().max(1000).optional(),
  title: z.string().max(1000),
  snippet: z.string().max(2000).optional(),
  metaDescription: z.string().max(2000).optional(),
  language: z.string().max(35).optional(),
  publishedAt: z.string().max(100).optional(),
  /** The publication's name as the page gives it (`og:site_name`), used to name the source in prose. */
  siteName: z.string().max(200).optional(),
  wordCount: z.number().int().nonnegative(),
  headings: z.array(HeadingSchema).max(500),
  paragraphs: z.array(z.string().max(MAX_SOURCE_TEXT)).max(5000),
  text: z.string().max(MAX_SOURCE_TEXT),
  links: z.array(LinkSchema).max(5000).optional(),
  fetchedAt: z.string().max(100).optional(),
  /** How much the page is about the research keyword, 0–1 (see `relevance.ts`); below the bar it is `off_topic`. */
  relevance: z.number().min(0).max(1).optional(),
  /** Where the page came from: a cache tier (`l1` isolate memory, `l2` KV, `l3` D1), a 304 (`revalidated`) or the web. */
  cache: z.enum(["l1", "l2", "l3", "revalidated", "origin"]).optional(),
});

/**
 * A source as a job lists it (the job view, its read-model row, a failed research's event): where it is, whether
 * it was used and why not, and how much it is about the keyword.
 */
export const SourceSummarySchema = SourceSchema.pick({
  url: true,
  finalUrl: true,
  status: true,
  reason: true,
  title: true,
  wordCount: true,
  relevance: true,
  cache: true,
});
export type SourceSummary = z.infer<typeof SourceSummarySchema>;

/** The summary of one source research judged. */
export function summariseSource(source: z.infer<typeof SourceSchema>): SourceSummary {
  return {
    url: source.url,
    ...(source.finalUrl ? { finalUrl: source.finalUrl } : {}),
    status: source.status,
    ...(source.reason ? { reason: source.reason } : {}),
    title: source.title,
    wordCount: source.wordCount,
    ...(source.relevance !== undefined ? { relevance: source.relevance } : {}),
    ...(source.cache ? { cache: source.cache } : {}),
  };
}

const counted = z.object({ text: z.string(), count: z.number() });

/** The spread of the competing pages' word counts. */
export const WordCountSpreadSchema = z.object({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  median: z.number(),
  p25: z.number(),
  p75: z.number(),
});
/** The spread of no pages: what an event recorded before the field existed reads as. */
export const NO_WORD_COUNT_SPREAD = { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 };

/**
 * What the competing pages have in common, as research reports it and the ResearchCompleted event records it.
 * Every list defaults to empty, so events recorded before a field existed still read.
 */
export const CompetitorAnalysisSchema = z.object({
  pages: z.number().int().nonnegative(),
  wordCount: WordCountSpreadSchema.default(NO_WORD_COUNT_SPREAD),
  commonHeadings: z.array(counted).default([]),
  subtopics: z
    .array(
      z.object({ label: z.string(), headings: z.array(z.string()), terms: z.array(z.string()), pages: z.number() }),
    )
    .default([]),
  questions: z.array(counted.extend({ sources: z.array(z.number()) })).default([]),
  keyTerms: z.array(z.object({ term: z.string(), score: z.number(), pages: z.number() })).default([]),
  entities: z.array(counted.extend({ pages: z.number() })).default([]),
});
