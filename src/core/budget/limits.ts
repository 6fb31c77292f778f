import { z } from "zod";

/** What one plan allows: per-job caps on tokens and cost, and a cap on the tenant's cost per UTC day. */
export const PlanBudgetSchema = z
  .object({
    jobTokens: z.number().int().positive(),
    jobCostUsd: z.number().positive(),
    dailyCostUsd: z.number().positive(),
  })
  .partial()
  .strict();

export type PlanBudget = z.output<typeof PlanBudgetSchema>;

/** `PLAN_BUDGETS`: plan name → its caps; `default` serves plans not listed. */
export const PlanBudgetsSchema = z.record(z.string(), PlanBudgetSchema);
export type PlanBudgets = z.output<typeof PlanBudgetsSchema>;

/** The caps one job runs under; an absent cap does not bind. */
export interface BudgetLimits {
  jobTokens?: number;
  jobCostUsd?: number;
  dailyCostUsd?: number;
}

/** A request's own job caps win over its plan's defaults; the daily cap is the plan's. */
export function budgetLimits(
  budgets: PlanBudgets,
  plan: string | undefined,
  requested: { maxTokens?: number; maxCostUsd?: number } = {},
): BudgetLimits {
  // A plan's name is looked up as a key only: "constructor" is a plan name an admin may give, not the object's.
  const own = (name: string) => (Object.hasOwn(budgets, name) ? budgets[name] : undefined);
  const defaults = (plan !== undefined ? own(plan) : undefined) ?? own("default") ?? {};
  const jobTokens = requested.maxTokens ?? defaults.jobTokens;
  const jobCostUsd = requested.maxCostUsd ?? defaults.jobCostUsd;
  return {
    ...(jobTokens !== undefined ? { jobTokens } : {}),
    ...(jobCostUsd !== undefined ? { jobCostUsd } : {}),
    ...(defaults.dailyCostUsd !== undefined ? { dailyCostUsd: defaults.dailyCostUsd } : {}),
  };
}

/** The UTC day (YYYY-MM-DD) a moment falls on: the daily cap's and the usage report's unit. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
