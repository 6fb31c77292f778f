import { z } from "zod";

/**
 * The structured article: what every writer produces and every renderer and assessor reads.
 * Text fields are Markdown (inline only for titles); citations are `[n]` markers pointing at `sources[].id`.
 */
export const SectionSchema = z.object({
  heading: z.string().min(1).max(200),
  level: z.union([z.literal(2), z.literal(3)]),
  body: z.string().min(1),
});

export const FaqSchema = z.object({
  question: z.string().min(1).max(300),
  answer: z.string().min(1),
});

/** A calendar day, `YYYY-MM-DD`. */
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ArticleSourceSchema = z.object({
  id: z.number().int().positive(),
  url: z.string().url(),
  title: z.string(),
  /** The day the page says it was published, when it says so. */
  publishedAt: DaySchema.optional(),
  /** The day the page was read for this article. */
  retrievedAt: DaySchema.optional(),
});

export const CitationSchema = z.object({
  /** The marker number, `[n]`. */
  marker: z.number().int().positive(),
  sourceId: z.number().int().positive(),
  /** Where the marker occurs: `intro`, `section:<index>`, `faq:<index>`, `conclusion`. */
  location: z.string(),
});

export const ArticleSchema = z.object({
  kind: z.enum(["llm", "extractive"]),
  title: z.string().min(1).max(200),
  metaDescription: z.string().min(1).max(320),
  slug: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  focusKeyphrase: z.string().min(1),
  language: z.string().default("en"),
  intro: z.string().min(1),
  sections: z.array(SectionSchema).min(1),
  toc: z.array(z.object({ heading: z.string(), anchor: z.string(), level: z.number().int() })).optional(),
  faq: z.array(FaqSchema).default([]),
  conclusion: z.object({ body: z.string().min(1), callToAction: z.string().min(1) }).optional(),
  citations: z.array(CitationSchema).default([]),
  sources: z.array(ArticleSourceSchema),
  wordCount: z.number().int().nonnegative(),
  readingTimeMinutes: z.number().int().nonnegative(),
  /** Shown to readers for extractive drafts: it is a research draft assembled from quoted sources. */
  disclaimer: z.string().optional(),
});

export type Section = z.infer<typeof SectionSchema>;
export type FaqEntry = z.infer<typeof FaqSchema>;
export type ArticleSource = z.infer<typeof ArticleSourceSchema>;
export type Citation = z.infer<typeof CitationSchema>;
export type Article = z.infer<typeof ArticleSchema>;

/** Per-call usage a writer records (LLM writers; the extractive writer records zero tokens). */
export interface CallUsage {
  provider: string;
  model: string;
  purpose: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  costUsd: number;
}
