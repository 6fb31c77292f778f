import { createRoute, type z } from "@hono/zod-openapi";
import { assessQuality } from "../core/quality/index";
import type { CompetitorAnalysis, Source } from "../core/research/types";
import { analyzeSeo } from "../core/seo/index";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { QualityReportSchema, QualityRequestSchema, SeoReportSchema, SeoRequestSchema } from "./analyze-schemas";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const tags = ["Analysis"];
const security = bearerSecurity;

/**
 * The analysers are pure and meant never to throw; should one still fail on some input, the caller gets a
 * 422 about their content rather than a 500.
 */
function analysed<T>(
  log: { error: (message: string, data?: Record<string, unknown>) => void } | undefined,
  run: () => T,
): T {
  try {
    return run();
  } catch (error) {
    log?.error("analysis failed", { error: error instanceof Error ? error.message : String(error) });
    throw new ProblemError(422, "unprocessable-content", "The content could not be analysed");
  }
}

/** Synchronous analysis of content the caller already has. */
export function analyzeRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/analyze/seo",
        tags,
        security,
        summary: "SEO analysis of HTML or Markdown content",
        description:
          "Each check has a stable id, a 0–100 score, a status, the measured value and a message saying what to change.",
        request: { body: { required: true, ...json(SeoRequestSchema) } },
        responses: {
          200: { description: "The SEO report", ...json(SeoReportSchema) },
          ...problemResponses(400, 401, 413, 422, 429),
        },
      }),
      (c) =>
        c.json(
          analysed(c.get("log"), () => analyzeSeo(c.req.valid("json"))),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/analyze/quality",
        tags,
        security,
        summary: "Quality assessment of an article against its sources",
        description:
          "Grounding, citation validity, originality, repetition, focus keyword coverage, and (when given) competitor coverage and structure against the options.",
        request: { body: { required: true, ...json(QualityRequestSchema) } },
        responses: {
          200: { description: "The quality report", ...json(QualityReportSchema) },
          ...problemResponses(400, 401, 413, 422, 429),
        },
      }),
      (c) => {
        const { article, sources, options, competitors } = c.req.valid("json");
        const analysis: CompetitorAnalysis | undefined = competitors && {
          pages: competitors.pages,
          subtopics: competitors.subtopics,
          wordCount: { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 },
          commonHeadings: [],
          questions: [],
          keyTerms: [],
          entities: [],
        };
        return c.json(
          analysed(c.get("log"), () => assessQuality(article, sources as Source[], { options, competitors: analysis })),
          200,
        );
      },
    );
}
