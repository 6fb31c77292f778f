import { z } from "zod";
import { intVar } from "../config";

const seconds = (fallback: number, min = 1) => intVar(fallback, min);

/** The pipeline's knobs from `[vars]`, parsed once per env object. */
const JobsConfigSchema = z.object({
  STUCK_AFTER_SECONDS: seconds(900),
  OUTBOX_RESEND_AFTER_SECONDS: seconds(30, 0),
  STAGE_MAX_RETRIES: seconds(5),
  STAGE_CONCURRENCY: seconds(4),
  MAX_REDRIVES: seconds(3, 0),
  STAGE_MAX_WAIT_SECONDS: seconds(6 * 3600),
  SSE_MAX_SECONDS: seconds(300),
  SSE_POLL_MS: seconds(500, 50),
  OUTBOX_RETENTION_SECONDS: seconds(7 * 86_400),
  IDEMPOTENCY_KEY_RETENTION_SECONDS: seconds(86_400),
  HOOK_REPLAY_WINDOW_SECONDS: seconds(7 * 86_400),
  REGENERATIONS_PER_HOUR: seconds(5),
});

export type JobsConfig = z.infer<typeof JobsConfigSchema>;

const cache = new WeakMap<object, JobsConfig>();

/**
 * A bad value fails loudly here, as a plain error: a ZodError would reach the API's error handler as a request that
 * did not match its schema (a 400 naming the setting), where it is our configuration that is wrong (a 500).
 */
export function jobsConfig(env: object): JobsConfig {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = JobsConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `invalid jobs configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
