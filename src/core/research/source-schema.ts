import { z } from "zod";
import { REJECTION_REASONS } from "./rejection";

/**
 * One source as research keeps it: the single schema the research route returns, callers hand back to
 * `/v1/write` and `/v1/analyze/quality`, and the ResearchCompleted event records. Caps keep one request's
 * work bounded; research cuts every source it makes to them (`fitSource`), as a page of the web may exceed any.
 */
export const MAX_SOURCE_TEXT = 1_000_000;
/** The schema's bounds, which `fitSource` holds every source research makes to. */
const MAX = {
  url: 2048,
  detail: 1000,
  title: 1000,
  snippet: 2000,
  metaDescription: 2000,
  language: 35,
  publishedAt: 100,
  siteName: 200,
  headings: 500,
  headingText: 1000,
  paragraphs: 5000,
  links: 5000,
  href: 4096,
  linkText: 2000,
  fetchedAt: 100,
} as const;

export const HeadingSchema = z.object({
  level: z.number().int().min(1).max(6),
  text: z.string().max(MAX.headingText),
});
export const LinkSchema = z.object({ href: z.string().max(MAX.href), text: z.string().max(MAX.linkText) });

export const SourceSchema = z.object({
  /** 1-based; citations `[n]` in an article point here. */
  id: z.number().int().positive(),
  url: z.string().min(1).max(MAX.url),
  finalUrl: z.string().max(MAX.url).optional(),
  status: z.enum(["ok", "invalid", "failed"]),
  reason: z.enum(REJECTION_REASONS).optional(),
  detail: z.string().max(MAX.detail).optional(),
  title: z.string().max(MAX.title),
  snippet: z.string().max(MAX.snippet).optional(),
  metaDescription: z.string().max(MAX.metaDescription).optional(),
  language: z.string().max(MAX.language).optional(),
  publishedAt: z.string().max(MAX.publishedAt).optional(),
  /** The publication's name as the page gives it (`og:site_name`), used to name the source in prose. */
  siteName: z.string().max(MAX.siteName).optional(),
  wordCount: z.number().int().nonnegative(),
  headings: z.array(HeadingSchema).max(MAX.headings),
  paragraphs: z.array(z.string().max(MAX_SOURCE_TEXT)).max(MAX.paragraphs),
  text: z.string().max(MAX_SOURCE_TEXT),
  links: z.array(LinkSchema).max(MAX.links).optional(),
  fetchedAt: z.string().max(MAX.fetchedAt).optional(),
  /** How much the page is about the research keyword, 0–1 (see `relevance.ts`); below the bar it is `off_topic`. */
  relevance: z.number().min(0).max(1).optional(),
  /** Where the page came from: a cache tier (`l1` isolate memory, `l2` KV, `l3` D1), a 304 (`revalidated`) or the web. */
  cache: z.enum(["l1", "l2", "l3", "revalidated", "origin"]).optional(),
});

type SchemaSource = z.infer<typeof SourceSchema>;

/** A string cut to `max` UTF-16 units, without leaving half of a surrogate pair at the cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * The source cut to the schema's bounds, so that what research returns and records always reads back: the
 * web's pages hold headings of a whole paragraph, titles stuffed with keywords and texts of megabytes. Lists
 * keep their first entries and texts their beginning; the word count stays the page's. An address longer than
 * the bound fails the source (`invalid_url`).
 */
export function fitSource<T extends SchemaSource>(source: T): T {
  const tooLong = source.url.length > MAX.url || (source.finalUrl?.length ?? 0) > MAX.url;
  const fitted: T = {
    ...source,
    // An address cut short points elsewhere: such a source is kept as failed, never cited.
    ...(tooLong
      ? { status: "failed", reason: "invalid_url", detail: `the address is longer than ${MAX.url} characters` }
      : {}),
    url: cut(source.url, MAX.url),
    title: cut(source.title, MAX.title),
    headings: source.headings.slice(0, MAX.headings).map((h) => ({ ...h, text: cut(h.text, MAX.headingText) })),
    paragraphs: source.paragraphs.slice(0, MAX.paragraphs).map((p) => cut(p, MAX_SOURCE_TEXT)),
    text: cut(source.text, MAX_SOURCE_TEXT),
  };
  const optional = {
    finalUrl: MAX.url,
    detail: MAX.detail,
    snippet: MAX.snippet,
    metaDescription: MAX.metaDescription,
    language: MAX.language,
    publishedAt: MAX.publishedAt,
    siteName: MAX.siteName,
    fetchedAt: MAX.fetchedAt,
  } as const;
  for (const [key, max] of Object.entries(optional) as [keyof typeof optional, number][]) {
    const value = fitted[key];
    if (value !== undefined) fitted[key] = cut(value, max) as T[typeof key];
  }
  if (source.links) {
    // A link's address cut short points elsewhere: such a link is left out, not cut.
    fitted.links = source.links
      .filter((link) => link.href.length <= MAX.href)
      .slice(0, MAX.links)
      .map((link) => ({ ...link, text: cut(link.text, MAX.linkText) }));
  }
  return fitted;
}

/**
 * A source as a job lists it (the job view, its read-model row, a failed research's event): where it is, whether
 * it was used and why not, and how much it is about the keyword.
 */
export const SourceSummarySchema = SourceSchema.pick({
  url: true,
  finalUrl: true,
  status: true,
  reason: true,
  detail: true,
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
    ...(source.detail ? { detail: source.detail } : {}),
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

/** The bounds of a competitor analysis a caller hands back (`IncomingCompetitorsSchema`), which research keeps to. */
export const COMPETITOR_BOUNDS = {
  headings: 200,
  headingText: 500,
  subtopics: 200,
  label: 200,
  subtopicHeadings: 100,
  subtopicTerms: 100,
  term: 100,
  questions: 200,
  questionSources: 50,
  keyTerms: 500,
  entities: 500,
  entityText: 200,
} as const;

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

type CompetitorAnalysisShape = z.infer<typeof CompetitorAnalysisSchema>;

/** The analysis cut to `COMPETITOR_BOUNDS`, so that the research a caller is given can be handed back whole. */
export function fitCompetitors(analysis: CompetitorAnalysisShape): CompetitorAnalysisShape {
  const b = COMPETITOR_BOUNDS;
  return {
    ...analysis,
    commonHeadings: analysis.commonHeadings
      .slice(0, b.headings)
      .map((h) => ({ ...h, text: cut(h.text, b.headingText) })),
    subtopics: analysis.subtopics.slice(0, b.subtopics).map((topic) => ({
      ...topic,
      label: cut(topic.label, b.label),
      headings: topic.headings.slice(0, b.subtopicHeadings).map((h) => cut(h, b.headingText)),
      terms: topic.terms.slice(0, b.subtopicTerms).map((t) => cut(t, b.term)),
    })),
    questions: analysis.questions.slice(0, b.questions).map((q) => ({
      ...q,
      text: cut(q.text, b.headingText),
      sources: q.sources.slice(0, b.questionSources),
    })),
    keyTerms: analysis.keyTerms.slice(0, b.keyTerms).map((t) => ({ ...t, term: cut(t.term, b.term) })),
    entities: analysis.entities.slice(0, b.entities).map((e) => ({ ...e, text: cut(e.text, b.entityText) })),
  };
}
