import { z } from "@hono/zod-openapi";
import { ArticleSchema } from "../core/article/model";
import { ArticleOptionsSchema } from "../core/article/options";
import { IncomingCompetitorsSchema, IncomingSourceSchema } from "./research-input";

/** Request and response schemas of the analysis routes (with the examples the OpenAPI document shows). */

/** Content larger than a long article is not an article; the cap also bounds the analysers' CPU time. */
export const MAX_CONTENT_CHARS = 500_000;

export const SeoRequestSchema = z
  .object({
    content: z.string().max(MAX_CONTENT_CHARS),
    format: z.enum(["html", "markdown"]),
    keyphrase: z.string().trim().min(1).max(200),
    synonyms: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
    title: z.string().max(1000).optional(),
    metaDescription: z.string().max(2000).optional(),
    slug: z.string().max(500).optional(),
    targetWords: z.number().int().min(50).max(20_000).optional(),
    url: z
      .string()
      .url()
      .max(2048)
      .optional()
      .openapi({ description: "The page's address: links to its host count as internal" }),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .optional(),
  })
  .strict()
  .openapi("SeoAnalysisRequest", {
    example: {
      content: "# Cold brew coffee\n\nCold brew coffee is coffee steeped in cold water for 12 to 24 hours...",
      format: "markdown",
      keyphrase: "cold brew coffee",
      synonyms: ["cold brew"],
      title: "Cold brew coffee: how to make it at home",
      metaDescription:
        "How to make cold brew coffee at home: ratios, steeping times and storage, with the mistakes to avoid.",
      slug: "cold-brew-coffee",
      targetWords: 1200,
    },
  });

const SeoCheckSchema = z.object({
  id: z.string().openapi({ example: "titleLength" }),
  score: z.number().openapi({ example: 100 }),
  status: z.enum(["good", "improve", "problem"]),
  value: z.unknown().openapi({ example: { characters: 41, pixels: 372 } }),
  message: z.string().openapi({ example: "The title length is good (41 characters, ~372 px)." }),
  weight: z.number().openapi({ example: 5 }),
});
export const SeoReportSchema = z
  .object({
    score: z.number().openapi({ example: 82 }),
    grade: z.enum(["A", "B", "C", "D", "F"]),
    checks: z.array(SeoCheckSchema),
  })
  .openapi("SeoReport");

export const QualityRequestSchema = z
  .object({
    article: ArticleSchema,
    sources: z.array(IncomingSourceSchema).max(50),
    options: ArticleOptionsSchema.optional(),
    competitors: IncomingCompetitorsSchema.optional(),
  })
  .strict()
  .openapi("QualityAnalysisRequest", {
    example: {
      article: {
        kind: "llm",
        title: "Cold brew coffee: how to make it at home",
        metaDescription: "How to make cold brew coffee at home.",
        slug: "cold-brew-coffee",
        focusKeyphrase: "cold brew coffee",
        language: "en",
        intro: "Cold brew coffee is steeped in cold water for 12 to 24 hours [1].",
        sections: [{ heading: "Ratios", level: 2, body: "Use one part coffee to eight parts water [1]." }],
        faq: [],
        citations: [{ marker: 1, sourceId: 1, location: "intro" }],
        sources: [{ id: 1, url: "https://example.com/cold-brew", title: "Cold brew guide" }],
        wordCount: 26,
        readingTimeMinutes: 1,
      },
      sources: [
        {
          id: 1,
          url: "https://example.com/cold-brew",
          status: "ok",
          title: "Cold brew guide",
          wordCount: 30,
          headings: [],
          paragraphs: [],
          text: "Cold brew is coffee steeped in cold water for 12 to 24 hours. A ratio of one part coffee to eight parts water works well.",
        },
      ],
    },
  });

const FindingSchema = z.object({
  check: z.string(),
  severity: z.enum(["high", "medium", "low"]),
  message: z.string(),
  location: z.string().optional(),
  instruction: z.string(),
});
export const QualityReportSchema = z
  .object({
    score: z.number().openapi({ example: 91 }),
    checks: z.array(
      z.object({
        id: z.string().openapi({ example: "grounding" }),
        score: z.number(),
        findings: z.array(FindingSchema),
      }),
    ),
  })
  .openapi("QualityReport");
