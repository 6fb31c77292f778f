import { z } from "@hono/zod-openapi";
import {
  COMPETITOR_BOUNDS as BOUND,
  NO_WORD_COUNT_SPREAD,
  SourceSchema,
  WordCountSpreadSchema,
} from "../core/research/source-schema";

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
    .array(z.object({ text: z.string().max(BOUND.headingText), count: z.number() }))
    .max(BOUND.headings)
    .default([]),
  subtopics: z
    .array(
      z.object({
        label: z.string().max(BOUND.label),
        headings: z.array(z.string().max(BOUND.headingText)).max(BOUND.subtopicHeadings).default([]),
        terms: z.array(z.string().max(BOUND.term)).max(BOUND.subtopicTerms).default([]),
        pages: z.number().int().nonnegative(),
      }),
    )
    .max(BOUND.subtopics)
    .default([]),
  questions: z
    .array(
      z.object({
        text: z.string().max(BOUND.headingText),
        count: z.number(),
        sources: z.array(z.number().int()).max(BOUND.questionSources),
      }),
    )
    .max(BOUND.questions)
    .default([]),
  keyTerms: z
    .array(z.object({ term: z.string().max(BOUND.term), score: z.number(), pages: z.number() }))
    .max(BOUND.keyTerms)
    .default([]),
  entities: z
    .array(z.object({ text: z.string().max(BOUND.entityText), count: z.number(), pages: z.number() }))
    .max(BOUND.entities)
    .default([]),
});
