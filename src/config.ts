import { z } from "zod";
import { type PlanBudgets, PlanBudgetsSchema } from "./core/budget/limits";

/**
 * Non-secret configuration from `[vars]` plus secrets, parsed once per isolate.
 * Everything the edges read from `env` goes through here, so a bad value fails loudly at one place.
 */
const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  );

/**
 * A whole-number var: a string, or a number where `wrangler.toml` writes one unquoted (`[vars]` keeps TOML's type);
 * unset, empty or only white space is the default.
 */
export const intVar = (fallback: number, min = 0) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((value) => (value === undefined || String(value).trim() === "" ? fallback : Number(value)))
    .pipe(z.number().int().min(min));

/** A var naming one of `choices`, in any case and with space around it; unset, empty or only white space: `fallback`. */
export const choiceVar = <const Choice extends string>(choices: readonly [Choice, ...Choice[]], fallback: Choice) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim().toLowerCase() || fallback)
    .pipe(z.enum(choices));

/**
 * A JSON var's value: its text parsed, or the value itself where `wrangler.toml` writes a table or an array (`[vars]`
 * keeps TOML's structure); undefined when unset, empty or only white space. Throws on text that is not JSON.
 */
export function jsonVar(value: unknown): unknown {
  if (typeof value !== "string") return value ?? undefined;
  return value.trim() ? JSON.parse(value) : undefined;
}

/** A tenant's plan name, as the admin API takes one: lowercase letters, digits and dashes. */
export const PLAN_NAME = /^[a-z0-9-]{1,32}$/;

/**
 * A by-plan setting's keys as plan names: read in any case and with space around them, as `choiceVar` reads a
 * choice (a tenant's plan is lowercase, so `"Pro"` was a key no tenant ever matched, without a word). A key that is
 * no plan name after that, or names a plan a second time (`"Pro"` and `"pro"`), is refused, naming the key.
 */
function byPlan<T>(setting: string, values: Record<string, T>, ctx: z.RefinementCtx): Record<string, T> {
  const plans: Record<string, T> = {};
  for (const [key, value] of Object.entries(values)) {
    const plan = key.trim().toLowerCase();
    if (!PLAN_NAME.test(plan)) {
      ctx.addIssue({
        code: "custom",
        message: `${setting} key ${JSON.stringify(key)} is not a plan name (lowercase letters, digits and dashes, at most 32)`,
      });
    } else if (Object.hasOwn(plans, plan)) {
      ctx.addIssue({ code: "custom", message: `${setting} names the plan ${JSON.stringify(plan)} twice` });
    }
    plans[plan] = value;
  }
  return plans;
}

const ConfigSchema = z.object({
  ENVIRONMENT: z.string().default("development"),
  VERSION: z.string().default("0.1.0"),
  /** As a browser sends `Origin` (lower-case, no path): a configured `https://App.example/` would match no request. */
  CORS_ORIGINS: csv.transform((origins) =>
    origins.map((origin) => (origin !== "*" && URL.canParse(origin) ? new URL(origin).origin : origin)),
  ),
  MAX_BODY_BYTES: intVar(1_048_576, 1024),
  /** The cap for the bodies that carry research back (`POST /v1/write`, `POST /v1/analyze/quality`). */
  MAX_SOURCES_BODY_BYTES: intVar(8_388_608, 1024),
  RATE_LIMIT_PER_MINUTE: intVar(120, 1),
  PLAN_RATE_LIMITS: z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      try {
        const json = jsonVar(value);
        if (json === undefined) return {} as Record<string, number>;
        return byPlan("PLAN_RATE_LIMITS", z.record(z.string(), z.number().int().positive()).parse(json), ctx);
      } catch {
        ctx.addIssue({
          code: "custom",
          message: "PLAN_RATE_LIMITS must be a JSON object of plan → requests per minute",
        });
        return z.NEVER;
      }
    }),
  PLAN_BUDGETS: z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      try {
        const json = jsonVar(value);
        if (json === undefined) return {} as PlanBudgets;
        return byPlan("PLAN_BUDGETS", PlanBudgetsSchema.parse(json), ctx);
      } catch {
        ctx.addIssue({
          code: "custom",
          message: "PLAN_BUDGETS must be a JSON object of plan → { jobTokens, jobCostUsd, dailyCostUsd }",
        });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: choiceVar(["debug", "info", "warn", "error"], "info"),
  ADMIN_TOKEN: z.string().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

const cache = new WeakMap<object, Config>();

export function loadConfig(env: object): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  cache.set(env, parsed.data);
  return parsed.data;
}

/** The plan's requests per minute, else the default; a plan's name is looked up as a key only (not "constructor"). */
export function rateLimitFor(config: Config, plan: string): number {
  return (
    (Object.hasOwn(config.PLAN_RATE_LIMITS, plan) ? config.PLAN_RATE_LIMITS[plan] : undefined) ??
    config.RATE_LIMIT_PER_MINUTE
  );
}
