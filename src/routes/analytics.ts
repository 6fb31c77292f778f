import { createRoute, z } from "@hono/zod-openapi";
import { METRICS } from "../core/metrics/catalog";
import { tenantFigures } from "../core/metrics/tenant-figures";
import { problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { json } from "./article-schemas";

/** The completion histogram's largest finite bound, past which a quantile is only known to be longer. */
const LARGEST_BOUND = METRICS.optiblog_job_completion_seconds.buckets.at(-1);
const aboveDescription = (quantile: string) =>
  `True when ${quantile} lies past the histogram's largest bound: \`${quantile}\` is that bound (${LARGEST_BOUND}), the time longer`;

const AnalyticsSchema = z
  .object({
    jobs: z.number().int(),
    completions: z.number().int(),
    failures: z.number().int(),
    averageSeoScore: z.number().nullable(),
    averageQualityScore: z.number().nullable(),
    views: z
      .number()
      .int()
      .openapi({ description: "Readers' GETs of completed articles (the tenant's own dashboard is not counted)" }),
    ratings: z.object({ count: z.number().int(), average: z.number().nullable() }),
    operations: z
      .object({
        failuresByReason: z.array(z.object({ reason: z.string(), stage: z.string(), count: z.number() })),
        sourcesByOutcome: z.array(z.object({ outcome: z.string(), count: z.number() })).openapi({
          description:
            "Pages research read for the tenant's jobs, by outcome: ok, or why a page was not used (a rejection reason)",
        }),
        llm: z.array(
          z.object({
            provider: z.string(),
            calls: z.number(),
            inputTokens: z.number(),
            outputTokens: z.number(),
            costUsd: z.number(),
          }),
        ),
        webhooks: z.object({ delivered: z.number(), failed: z.number() }),
        timeToCompletionSeconds: z
          .object({
            count: z.number(),
            mean: z.number().nullable().openapi({ description: "The true mean; null only with no completions" }),
            p50: z.number().nullable().openapi({ description: "Null only with no completions (`count` 0)" }),
            p50Above: z.boolean().openapi({ description: aboveDescription("p50") }),
            p95: z.number().nullable().openapi({ description: "Null only with no completions (`count` 0)" }),
            p95Above: z.boolean().openapi({ description: aboveDescription("p95") }),
          })
          .openapi({
            description:
              "p50 and p95 are the upper bounds of the histogram buckets they fall in; one past the largest bound " +
              `(${LARGEST_BOUND} s) reads that bound with its \`…Above\` flag true`,
          }),
        stageSeconds: z.array(z.object({ stage: z.string(), count: z.number(), mean: z.number() })),
      })
      .openapi({ description: "The tenant's own metrics: failures by reason, LLM use and cost, webhooks, timings" }),
  })
  .openapi("Analytics");

const round = (value: number) => Math.round(value * 10) / 10;

export function analyticsRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/analytics",
      tags: ["Analytics"],
      security: bearerSecurity,
      summary: "The tenant's totals: jobs, completions, failures, average scores, views and ratings",
      responses: {
        200: {
          description: "Totals",
          ...json(AnalyticsSchema, {
            jobs: 42,
            completions: 38,
            failures: 4,
            averageSeoScore: 81.5,
            averageQualityScore: 77.2,
            views: 310,
            ratings: { count: 12, average: 4.3 },
            operations: {
              failuresByReason: [{ reason: "no_sources", stage: "research", count: 3 }],
              sourcesByOutcome: [
                { outcome: "ok", count: 212 },
                { outcome: "off_topic", count: 31 },
                { outcome: "ai_use_declined", count: 4 },
              ],
              llm: [{ provider: "groq", calls: 120, inputTokens: 310000, outputTokens: 95000, costUsd: 0.258 }],
              webhooks: { delivered: 37, failed: 1 },
              timeToCompletionSeconds: { count: 38, mean: 71.4, p50: 60, p50Above: false, p95: 120, p95Above: false },
              stageSeconds: [{ stage: "research", count: 42, mean: 8.2 }],
            },
          }),
        },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const tenantId = c.get("tenant").id;
      const [row, totals] = await Promise.all([
        c.get("jobs").tenant(tenantId).analytics(),
        c.get("edge").metrics().totals(tenantId),
      ]);
      return c.json(
        {
          jobs: row.jobs,
          completions: row.completions,
          failures: row.failures,
          averageSeoScore: row.scored ? round(row.seo_sum / row.scored) : null,
          averageQualityScore: row.scored ? round(row.quality_sum / row.scored) : null,
          views: row.views,
          ratings: { count: row.ratings, average: row.ratings ? round(row.rating_sum / row.ratings) : null },
          operations: tenantFigures(totals),
        },
        200,
      );
    },
  );
}
