import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { json } from "./article-schemas";

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
          }),
        },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const row = await c.get("jobs").tenant(c.get("tenant").id).analytics();
      return c.json(
        {
          jobs: row.jobs,
          completions: row.completions,
          failures: row.failures,
          averageSeoScore: row.scored ? round(row.seo_sum / row.scored) : null,
          averageQualityScore: row.scored ? round(row.quality_sum / row.scored) : null,
          views: row.views,
          ratings: { count: row.ratings, average: row.ratings ? round(row.rating_sum / row.ratings) : null },
        },
        200,
      );
    },
  );
}
