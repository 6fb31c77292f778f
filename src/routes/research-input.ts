import { z } from "@hono/zod-openapi";

/**
 * Research as `POST /v1/research` returns it, validated when a caller hands it back (to `/v1/write` or
 * `/v1/analyze/quality`). Caps keep one request's work bounded: a long article's worth of sources, no more.
 */
export const MAX_SOURCES = 20;
const MAX_TEXT = 1_000_000;

const HeadingSchema = z.object({ level: z.number().int().min(1).max(6), text: z.string().max(1000) });

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** As POST /v1/research returns them; a source that failed may carry any URL, one we cite must be http(s). */
export const IncomingSourceSchema = z
  .object({
    id: z.number().int().positive(),
    url: z.string().min(1).max(2048),
    finalUrl: z.string().max(2048).optional(),
    status: z.enum(["ok", "invalid", "failed"]),
    reason: z.string().max(100).optional(),
    detail: z.string().max(1000).optional(),
    title: z.string().max(1000).default(""),
    language: z.string().max(35).optional(),
    wordCount: z.number().int().nonnegative().default(0),
    headings: z.array(HeadingSchema).max(500).default([]),
    paragraphs: z.array(z.string().max(MAX_TEXT)).max(5000).default([]),
    text: z.string().max(MAX_TEXT).default(""),
  })
  .refine(
    (s) =>
      s.status !== "ok" || (httpUrl.safeParse(s.url).success && (!s.finalUrl || httpUrl.safeParse(s.finalUrl).success)),
    {
      message: "a source with status ok needs an http(s) url (and finalUrl)",
      path: ["url"],
    },
  );

export const IncomingCompetitorsSchema = z.object({
  pages: z.number().int().nonnegative(),
  wordCount: z
    .object({
      min: z.number(),
      max: z.number(),
      mean: z.number(),
      median: z.number(),
      p25: z.number(),
      p75: z.number(),
    })
    .default({ min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 }),
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
