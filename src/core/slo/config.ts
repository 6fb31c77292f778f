import { z } from "zod";
import { PermanentError } from "../errors";
import { METRICS } from "../metrics/catalog";
import { checkUrl, parseAllowHosts } from "../research/ssrf";
import { emptyAsUnset } from "../vars";

const COMPLETION_BOUNDS: readonly number[] = METRICS.optiblog_job_completion_seconds.buckets;

/** An objective: the share of events that must be good over the budget period. */
export const SloSchema = z.discriminatedUnion("kind", [
  z.object({
    name: z.string().regex(/^[a-z0-9-]{1,64}$/),
    kind: z.literal("job_success"),
    objective: z.number().gt(0).lt(1),
  }),
  z.object({
    name: z.string().regex(/^[a-z0-9-]{1,64}$/),
    kind: z.literal("completion_time"),
    objective: z.number().gt(0).lt(1),
    /** A job is good when it completes within this many seconds (a bound of the completion histogram). */
    thresholdSeconds: z.number().refine((value) => COMPLETION_BOUNDS.includes(value), {
      message: `thresholdSeconds must be one of the completion histogram's bounds: ${COMPLETION_BOUNDS.join(", ")}`,
    }),
  }),
  z.object({
    name: z.string().regex(/^[a-z0-9-]{1,64}$/),
    kind: z.literal("webhook_delivery"),
    objective: z.number().gt(0).lt(1),
  }),
]);

export type Slo = z.infer<typeof SloSchema>;

/** The metric rollup's window: a burn-rate window is read as whole five-minute windows. */
const WINDOW_SECONDS = 300;
const wholeWindows = z
  .number()
  .int()
  .min(WINDOW_SECONDS)
  .multipleOf(WINDOW_SECONDS, {
    message: `must be a multiple of ${WINDOW_SECONDS} (metrics roll up in five-minute windows)`,
  });

/**
 * A multi-window burn-rate rule: it fires when the budget burns at least `burnRate` times the sustainable
 * pace over both the long window and the short one (the short one makes it clear soon after recovery).
 */
export const BurnRuleSchema = z
  .object({
    severity: z.enum(["page", "ticket"]),
    longSeconds: wholeWindows,
    shortSeconds: wholeWindows,
    burnRate: z.number().positive(),
  })
  .refine((rule) => rule.shortSeconds < rule.longSeconds, {
    message: "shortSeconds must be shorter than longSeconds",
    path: ["shortSeconds"],
  });

export type BurnRule = z.infer<typeof BurnRuleSchema>;

/** The usual pair for a 30-day budget: 2% of it in an hour pages, 5% in six hours opens a ticket. */
export const DEFAULT_BURN_RULES: BurnRule[] = [
  { severity: "page", longSeconds: 3600, shortSeconds: 300, burnRate: 14.4 },
  { severity: "ticket", longSeconds: 21_600, shortSeconds: 1800, burnRate: 6 },
];

export const DEFAULT_SLOS: Slo[] = [
  { name: "job-success", kind: "job_success", objective: 0.95 },
  { name: "completion-p95", kind: "completion_time", objective: 0.95, thresholdSeconds: 600 },
  { name: "webhook-delivery", kind: "webhook_delivery", objective: 0.99 },
];

const jsonList = <T extends z.ZodType>(item: T, fallback: z.infer<T>[], name: string, what: string) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx): z.infer<T>[] => {
      if (value === undefined || value === null) return fallback;
      // JSON text, or the list itself where `wrangler.toml` writes a TOML array (`[vars]` keeps TOML's structure).
      let json: unknown = value;
      try {
        if (typeof value === "string") json = JSON.parse(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `${name} must be a JSON list of ${what}: ${String(error)}` });
        return z.NEVER;
      }
      const parsed = z.array(item).safeParse(json);
      if (parsed.success) return parsed.data;
      // Each problem with where it is: `[1].shortSeconds: must be a multiple of 300`.
      const problems = parsed.error.issues.map(
        (issue) =>
          `${issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("") || "the list"}: ${issue.message}`,
      );
      ctx.addIssue({ code: "custom", message: `${name} must be a JSON list of ${what}: ${problems.join("; ")}` });
      return z.NEVER;
    });

const SloSettingsSchema = z
  .object({
    // Alert state is kept by an objective's name, so two objectives of one name would overwrite each other's.
    SLOS: jsonList(SloSchema, DEFAULT_SLOS, "SLOS", "objectives").superRefine((slos, ctx) => {
      const names = slos.map((slo) => slo.name);
      const repeated = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
      if (repeated.length) ctx.addIssue({ code: "custom", message: `names must differ: ${repeated.join(", ")}` });
    }),
    SLO_BURN_RULES: jsonList(BurnRuleSchema, DEFAULT_BURN_RULES, "SLO_BURN_RULES", "burn-rate rules"),
    ALERT_WEBHOOK_URL: z.url().optional(),
    ALERT_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    METRIC_WINDOW_RETENTION_SECONDS: z.coerce
      .number()
      .int()
      .min(86_400)
      .default(2 * 86_400),
  })
  .superRefine((settings, ctx) => {
    // A window reaching back past the retention would read only what is left of it, and burn too slowly.
    const longest = Math.max(0, ...settings.SLO_BURN_RULES.map((rule) => rule.longSeconds));
    if (longest > settings.METRIC_WINDOW_RETENTION_SECONDS)
      ctx.addIssue({
        code: "custom",
        path: ["SLO_BURN_RULES"],
        message: `a rule's longSeconds (${longest}) is longer than METRIC_WINDOW_RETENTION_SECONDS (${settings.METRIC_WINDOW_RETENTION_SECONDS}) keeps metric windows: raise the retention or shorten the rule`,
      });
  });

export type SloSettings = z.infer<typeof SloSettingsSchema>;

/**
 * The metric windows' retention alone, for a sweep whose other SLO settings are invalid: their windows still age
 * out. `undefined` when the retention itself is invalid, as nothing can then say how long to keep them.
 */
export function parseMetricRetention(env: Record<string, unknown>): number | undefined {
  const parsed = SloSettingsSchema.shape.METRIC_WINDOW_RETENTION_SECONDS.safeParse(
    emptyAsUnset(env.METRIC_WINDOW_RETENTION_SECONDS),
  );
  return parsed.success ? parsed.data : undefined;
}

/** SLO settings from `env` (vars and the alert secret); a bad value fails loudly here, as a `bad_config` error. */
export function parseSloSettings(env: Record<string, unknown>): SloSettings {
  const raw = Object.fromEntries(Object.keys(SloSettingsSchema.shape).map((key) => [key, emptyAsUnset(env[key])]));
  const parsed = SloSettingsSchema.safeParse(raw);
  if (!parsed.success)
    throw new PermanentError(
      "bad_config",
      `invalid SLO configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  // The alert goes through the SSRF guard at every send: a URL it refuses would never carry an alert.
  const url = parsed.data.ALERT_WEBHOOK_URL;
  const allowHosts = parseAllowHosts(typeof env.ALLOW_HOSTS === "string" ? env.ALLOW_HOSTS : undefined);
  const check = url === undefined ? undefined : checkUrl(url, allowHosts);
  if (check && !check.ok)
    throw new PermanentError(
      "bad_config",
      `invalid SLO configuration: ALERT_WEBHOOK_URL: no alert could be sent there, ${check.detail} (a private receiver's host:port goes in ALLOW_HOSTS; credentials in no URL)`,
    );
  return parsed.data;
}
