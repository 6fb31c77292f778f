import { createRoute, z } from "@hono/zod-openapi";
import { budgetLimits, utcDay } from "../core/budget/limits";
import { daysBefore, usageReport } from "../core/budget/usage-report";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { json } from "./article-schemas";

const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a UTC day as YYYY-MM-DD")
  // Before 1970 no usage can have been recorded, and a year before 1 would be written in another form.
  .refine((value) => value >= "1970-01-01", "a day from 1970 on")
  .refine(
    (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && utcDay(Date.parse(`${value}T00:00:00Z`)) === value,
    "not a calendar day",
  );

const UsageQuery = z.object({
  from: day
    .optional()
    .openapi({ description: `First day (UTC), inclusive; default ${DEFAULT_DAYS - 1} days before \`to\`` }),
  to: day.optional().openapi({ description: "Last day (UTC), inclusive; default today" }),
});

const Totals = {
  calls: z.number().int().openapi({ description: "Model calls, failed ones included" }),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().openapi({ description: "At the prices in `LLM_PRICES`" }),
};

const UsageSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    totals: z.object(Totals),
    days: z.array(
      z.object({ day: z.string(), ...Totals, providers: z.array(z.object({ provider: z.string(), ...Totals })) }),
    ),
    limits: z
      .object({
        jobTokens: z.number().int().nullable(),
        jobCostUsd: z.number().nullable(),
        dailyCostUsd: z.number().nullable(),
      })
      .openapi({ description: "The tenant plan's caps (null: none); a request's `budget` overrides the job caps" }),
  })
  .openapi("Usage");

export function usageRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/usage",
      tags: ["Analytics"],
      security: bearerSecurity,
      summary: "The tenant's LLM spend: calls, tokens and cost by UTC day and provider",
      request: { query: UsageQuery },
      responses: {
        200: {
          description: "Usage between `from` and `to`",
          ...json(UsageSchema, {
            from: "2026-11-03",
            to: "2026-12-02",
            totals: { calls: 16, inputTokens: 41200, outputTokens: 9800, costUsd: 0.0371 },
            days: [
              {
                day: "2026-12-02",
                calls: 16,
                inputTokens: 41200,
                outputTokens: 9800,
                costUsd: 0.0371,
                providers: [{ provider: "groq", calls: 16, inputTokens: 41200, outputTokens: 9800, costUsd: 0.0371 }],
              },
            ],
            limits: { jobTokens: 200000, jobCostUsd: 0.5, dailyCostUsd: 5 },
          }),
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const to = query.to ?? utcDay(Date.now());
      const from = query.from ?? daysBefore(to, DEFAULT_DAYS - 1);
      if (from > to) throw new ProblemError(400, "bad-request", "`from` is after `to`");
      if (from < daysBefore(to, MAX_DAYS - 1)) {
        throw new ProblemError(400, "bad-request", `At most ${MAX_DAYS} days at a time`);
      }
      const tenant = c.get("tenant");
      const rows = await c.get("edge").guards().ledger(tenant.id).usage(from, to);
      const limits = budgetLimits(c.get("config").PLAN_BUDGETS, tenant.plan);
      return c.json(
        {
          ...usageReport(from, to, rows),
          limits: {
            jobTokens: limits.jobTokens ?? null,
            jobCostUsd: limits.jobCostUsd ?? null,
            dailyCostUsd: limits.dailyCostUsd ?? null,
          },
        },
        200,
      );
    },
  );
}
