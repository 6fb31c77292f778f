import { createRoute, z } from "@hono/zod-openapi";
import { PermanentError, TransientError } from "../core/errors";
import { KeywordSchema } from "../core/jobs/request";
import { SourceSchema, WordCountSpreadSchema } from "../core/research/source-schema";
import type { ResearchRequest } from "../core/research/stage";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const absoluteUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine((value) => URL.canParse(value), "must be an absolute URL");

const ResearchBodySchema = z
  .object({
    keyword: KeywordSchema,
    urls: z
      .array(absoluteUrl)
      .min(1)
      .max(20)
      .optional()
      .openapi({ description: "Read these pages instead of searching." }),
    maxSources: z.number().int().min(1).max(20).optional().openapi({
      description: "Pages to read: default 10, or as many as `urls` lists.",
    }),
    excludeDomains: z.array(z.string().trim().min(1).max(253)).max(50).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .optional(),
  })
  .strict()
  .openapi("ResearchRequest", {
    example: {
      keyword: "sourdough starter",
      maxSources: 5,
      excludeDomains: ["pinterest.com"],
      language: "en",
    },
  });

const ResearchSourceSchema = z.object(SourceSchema.shape).openapi("ResearchSource");

const CompetitorsSchema = z
  .object({
    pages: z.number().int(),
    wordCount: WordCountSpreadSchema,
    commonHeadings: z.array(z.object({ text: z.string(), count: z.number().int() })),
    subtopics: z.array(
      z.object({
        label: z.string(),
        headings: z.array(z.string()),
        terms: z.array(z.string()),
        pages: z.number().int(),
      }),
    ),
    questions: z.array(z.object({ text: z.string(), count: z.number().int(), sources: z.array(z.number().int()) })),
    keyTerms: z.array(z.object({ term: z.string(), score: z.number(), pages: z.number().int() })),
    entities: z.array(z.object({ text: z.string(), count: z.number().int(), pages: z.number().int() })),
  })
  .openapi("CompetitorAnalysis");

const ResearchReportSchema = z
  .object({
    keyword: z.string(),
    language: z.string().optional(),
    sources: z.array(ResearchSourceSchema),
    competitors: CompetitorsSchema,
    timings: z
      .record(z.string(), z.number())
      .openapi({ example: { searchMs: 420, fetchMs: 2310, analyseMs: 12, totalMs: 2742 } }),
    cache: z
      .record(z.string(), z.record(z.string(), z.object({ hits: z.number(), misses: z.number() })))
      .optional()
      .openapi({
        description:
          "Cache hits and misses of this research by kind (search, robots, page, extract) and tier (l1 isolate memory, l2 KV, l3 D1; origin: loads made, and loads shared with a concurrent lookup as hits)",
      }),
  })
  .openapi("ResearchReport");

/** Research on demand: the same stage the job pipeline runs, synchronously, for one keyword. */
export function researchRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "post",
      path: "/research",
      tags: ["Research"],
      security: bearerSecurity,
      summary: "Search, read and analyse the pages that rank for a keyword",
      description:
        "Searches with the configured provider (or reads the caller's `urls`), fetches the top pages politely and safely, " +
        "extracts their main content, keeps invalid or unreachable pages with a reason, and analyses the valid ones. " +
        "A search provider failure is a 503 (with Retry-After) when it may pass, else a 502.",
      request: { body: { required: true, ...json(ResearchBodySchema) } },
      responses: {
        200: { description: "The research report", ...json(ResearchReportSchema) },
        ...problemResponses(400, 401, 413, 429, 502, 503),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const request: ResearchRequest = {
        ...body,
        maxSources: body.maxSources ?? body.urls?.length ?? 10,
        tenantId: c.get("tenant").id,
      };
      const log = c.get("log");
      try {
        return c.json(await c.get("edge").research(request, body.urls, log), 200);
      } catch (error) {
        throw providerProblem(error, c.get("log"));
      }
    },
  );
}

/** Search failures become 503/502 problems; anything else is a bug and stays one. */
function providerProblem(error: unknown, log: { warn(msg: string, fields?: Record<string, unknown>): void }): unknown {
  if (error instanceof TransientError) {
    log.warn("search provider unavailable", { code: error.code, message: error.message });
    return new ProblemError(
      503,
      "service-unavailable",
      `The search provider is unavailable (${error.code}); try again later`,
      {
        headers: { "retry-after": String(error.retryAfterSeconds ?? 30) },
      },
    );
  }
  if (error instanceof PermanentError) {
    log.warn("search provider failed", { code: error.code, message: error.message });
    return new ProblemError(502, "upstream-failed", `The search provider failed (${error.code})`);
  }
  return error;
}
