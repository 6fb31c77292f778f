import { createRoute, z } from "@hono/zod-openapi";
import { evaluateSlos } from "../core/slo/sweep";
import { misconfiguredOn, misconfiguredResponse, problemResponses } from "../http/problem";
import { adminSecurity, createRouter } from "../http/router";

const SloStatusSchema = z
  .object({
    name: z.string(),
    kind: z.enum(["job_success", "completion_time", "webhook_delivery"]),
    objective: z.number(),
    windows: z.array(
      z.object({
        seconds: z.number(),
        good: z.number(),
        total: z.number(),
        burnRate: z.number().openapi({ description: "Budget burn speed: 1 spends it exactly over the period" }),
      }),
    ),
    firing: z.object({ severity: z.enum(["page", "ticket"]), burnRate: z.number() }).nullable(),
    alert: z
      .object({
        firing: z.boolean(),
        severity: z.enum(["page", "ticket"]).nullable().openapi({
          description:
            "The severity the open alert was raised at (an escalation raises it; easing back keeps it); null once recovered",
        }),
        since: z.string(),
        notified: z.boolean(),
      })
      .nullable()
      .openapi({ description: "What the last cron sweep recorded and whether its alert got through" }),
  })
  .openapi("SloStatus");

const RuleSchema = z.object({
  severity: z.enum(["page", "ticket"]),
  longSeconds: z.number(),
  shortSeconds: z.number(),
  burnRate: z.number(),
});

/** `/v1/admin/slo`: each objective's burn rates now, and the alert state the last sweep left. */
export function sloRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/slo",
      tags: ["Admin"],
      security: adminSecurity,
      summary: "Service level objectives: good and total events and burn rate per window, and alert state",
      responses: {
        200: {
          description: "One entry per configured objective, with the burn-rate rules they are judged by",
          content: {
            "application/json": {
              schema: z.object({
                data: z.array(SloStatusSchema),
                rules: z.array(RuleSchema),
                alertWebhook: z.boolean(),
              }),
            },
          },
        },
        ...problemResponses(401),
        ...misconfiguredResponse(
          "`SLOS`, `SLO_BURN_RULES`, the alert webhook's URL or secret, or `METRIC_WINDOW_RETENTION_SECONDS`",
        ),
      },
    }),
    async (c) => {
      const slo = await misconfiguredOn(c, "bad_config", () => c.get("edge").slo());
      const rollups = c.get("edge").metrics();
      const now = c.get("jobs").clock.now();
      const [evaluations, alerts] = await Promise.all([
        evaluateSlos(slo.settings.SLOS, slo.settings.SLO_BURN_RULES, (metrics, seconds) =>
          rollups.since(metrics, now - seconds * 1000),
        ),
        slo.alerts.all(),
      ]);
      const data = evaluations.map((evaluation) => {
        const alert = alerts.find((record) => record.slo === evaluation.name);
        return {
          ...evaluation,
          alert: alert
            ? {
                firing: alert.firing,
                severity: alert.severity ?? null,
                since: new Date(alert.since).toISOString(),
                notified: alert.notified,
              }
            : null,
        };
      });
      return c.json(
        {
          data,
          rules: slo.settings.SLO_BURN_RULES,
          alertWebhook: Boolean(slo.settings.ALERT_WEBHOOK_URL && slo.settings.ALERT_WEBHOOK_SECRET),
        },
        200,
      );
    },
  );
}
