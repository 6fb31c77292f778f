import { z } from "@hono/zod-openapi";
import { NO_WORD_COUNT_SPREAD, SourceSchema, WordCountSpreadSchema } from "../core/research/source-schema";

/**
 * Research as `POST /v1/research` returns it, validated when a caller hands it back (to `/v1/write` or
 * `/v1/analyze/quality`). Caps keep one request's work bounded: a long article's worth of sources, no more.
 */
export const MAX_SOURCES = 20;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** As POST /v1/research returns them; a source that failed may carry any URL, one we cite must be http(s). */
export const IncomingSourceSchema = SourceSchema.extend({
  title: SourceSchema.shape.title.default(""),
  wordCount: SourceSchema.shape.wordCount.default(0),
  headings: SourceSchema.shape.headings.default([]),
  paragraphs: SourceSchema.shape.paragraphs.default([]),
  text: SourceSchema.shape.text.default(""),
}).refine(
  (s) =>
    s.status !== "ok" || (httpUrl.safeParse(s.url).success && (!s.finalUrl || httpUrl.safeParse(s.finalUrl).success)),
  {
    message: "a source with status ok needs an http(s) url (and finalUrl)",
    path: ["url"],
  },
);

export const IncomingCompetitorsSchema = z.object({
  pages: z.number().int().nonnegative(),
  wordCount: WordCountSpreadSchema.default(NO_WORD_COUNT_SPREAD),
  commonHeadings: z
    .array(z.object({ text: z.string().max(500), count: z.number() }))
    .max(200)
    .default([]),
  subtopics: z
    .array(
      z.object({
        label: z.string().max(200),
        headings: z.array(z.string().max(500)).max(100).default([]),
        terms: z.array(z.string().max(100)).max(100).default([]),
        pages: z.number().int().nonnegative(),
      }),
    )
    .max(200)
    .default([]),
  questions: z
    .array(z.object({ text: z.string().max(500), count: z.number(), sources: z.array(z.number().int()).max(50) }))
    .max(200)
    .default([]),
  keyTerms: z
    .array(z.object({ term: z.string().max(100), score: z.number(), pages: z.number() }))
    .max(500)
    .default([]),
  entities: z
    .array(z.object({ text: z.string().max(200), count: z.number(), pages: z.number() }))
    .max(500)
    .default([]),
});
