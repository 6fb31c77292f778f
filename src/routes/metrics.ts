import { createRoute, z } from "@hono/zod-openapi";
import { families } from "../core/metrics/families";
import { PROMETHEUS_CONTENT_TYPE, toPrometheus } from "../core/metrics/prometheus";
import { problemResponses } from "../http/problem";
import { adminSecurity, createRouter } from "../http/router";

const Labels = z.record(z.string(), z.string());

const MetricFamilySchema = z
  .object({
    name: z.string(),
    kind: z.enum(["counter", "histogram"]),
    help: z.string(),
    series: z.array(
      z.union([
        z.object({ labels: Labels, value: z.number() }),
        z.object({
          labels: Labels,
          buckets: z.array(z.object({ le: z.string(), count: z.number() })),
          sum: z.number(),
          count: z.number(),
        }),
      ]),
    ),
  })
  .openapi("MetricFamily");

const MetricsQuery = z.object({
  format: z
    .enum(["prometheus", "json"])
    .optional()
    .openapi({ description: "prometheus (the default) or json; an Accept of application/json also picks json" }),
});

/** `/v1/admin/metrics`: the all-time totals of every metric, as Prometheus text or as JSON. */
export function metricsRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/metrics",
      tags: ["Admin"],
      security: adminSecurity,
      summary:
        "Service metrics: jobs, stages, LLM calls and cost, breakers, cache, webhooks, HTTP (Prometheus or JSON)",
      request: { query: MetricsQuery },
      responses: {
        200: {
          description: "Every metric with its HELP and TYPE; counters and histograms summed over all tenants",
          content: {
            "text/plain": { schema: z.string() },
            "application/json": { schema: z.object({ data: z.array(MetricFamilySchema) }) },
          },
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const { format } = c.req.valid("query");
      const metrics = families(await c.get("edge").metrics().totals());
      const wantsJson = format === "json" || (!format && /\bapplication\/json\b/.test(c.req.header("accept") ?? ""));
      if (wantsJson) return c.json({ data: metrics }, 200);
      return c.text(toPrometheus(metrics), 200, { "content-type": PROMETHEUS_CONTENT_TYPE });
    },
  );
}
