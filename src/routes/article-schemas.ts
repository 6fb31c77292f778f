import { z } from "@hono/zod-openapi";
import { SourceSummarySchema } from "../core/research/source-schema";

export const json = <T extends z.ZodType>(schema: T, example?: unknown) => ({
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});

export const JobIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "job_mh3k2a9Xf3kQ0aZb7c1d" }),
});

const Links = z.record(z.string(), z.string()).openapi({
  example: {
    self: "/v1/articles/job_mh3k2a9Xf3kQ0aZb7c1d",
    events: "/v1/articles/job_mh3k2a9Xf3kQ0aZb7c1d/events",
    html: "/v1/articles/job_mh3k2a9Xf3kQ0aZb7c1d?format=html",
    markdown: "/v1/articles/job_mh3k2a9Xf3kQ0aZb7c1d?format=markdown",
  },
});

export const SubmittedJobSchema = z
  .object({ id: z.string(), status: z.string().openapi({ example: "queued" }), links: Links })
  .openapi("SubmittedJob");

const Scores = z.object({ seo: z.number(), quality: z.number(), overall: z.number() }).nullable();

export const JobSchema = z
  .object({
    id: z.string(),
    keyword: z.string().openapi({ example: "home composting" }),
    status: z.enum(["queued", "researching", "writing", "completed", "failed"]),
    stage: z.enum(["research", "write", "done"]),
    attempts: z.number().int(),
    run: z.number().int(),
    scores: Scores,
    passed: z.boolean().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    traceId: z.string().openapi({ example: "4bf92f3577b34da6a3ce929d0e0e4736" }),
    batchId: z.string().optional(),
    webhookUrl: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    timings: z.object({ researchMs: z.number().optional(), totalMs: z.number().optional() }),
    links: Links,
    article: z.unknown().optional().openapi({ description: "The article (JSON) once the job is completed" }),
    jsonLd: z.array(z.record(z.string(), z.unknown())).optional().openapi({
      description:
        "schema.org JSON-LD for the article once completed: an `Article` with its sources as `citation`, and an `FAQPage` when it has an FAQ (the same graph the HTML carries)",
    }),
    assessment: z
      .looseObject({
        score: z.number(),
        seo: z.looseObject({ score: z.number() }),
        quality: z.looseObject({ score: z.number() }),
        findings: z.array(z.looseObject({ check: z.string(), severity: z.string(), message: z.string() })),
      })
      .optional()
      .openapi({ description: "The kept draft's assessment (SEO and quality reports, findings) once completed" }),
    sources: z.array(SourceSummarySchema).optional().openapi({
      description:
        "Every source research looked at; `finalUrl` is where its redirects ended, the address citations use; `relevance` how much the page is about the keyword, 0–1 (below 0.35 it is `invalid` with the reason `off_topic`); `cache` where the page came from (a cache tier, `revalidated` by a 304, or `origin`)",
    }),
    usage: z
      .object({ calls: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() })
      .optional(),
  })
  .openapi("Job");

export const JobSummarySchema = z
  .object({
    id: z.string(),
    keyword: z.string(),
    status: z.string(),
    stage: z.string(),
    attempts: z.number().int(),
    scores: Scores,
    passed: z.boolean().nullable(),
    batchId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    links: Links,
  })
  .openapi("JobSummary");

export const EventSchema = z
  .object({
    type: z.string().openapi({ example: "ResearchCompleted" }),
    version: z.number().int().openapi({ example: 3 }),
    data: z.unknown(),
    time: z.string(),
  })
  .openapi("JobEvent");
