import { MetricRollups } from "../adapters/metrics/rollup";
import { type JobServices, jobServices } from "../composition/jobs";
import { sloPorts, sloSettings } from "../composition/slo";
import { type SweepResult, sweepJobs } from "../core/app/sweep";
import { PermanentError } from "../core/errors";
import { parseMetricRetention, type SloSettings } from "../core/slo/config";
import { sweepSlos } from "../core/slo/sweep";

/**
 * The cron trigger: the sweep (see `core/app/sweep.ts`) over this deployment's storage, logged; then the
 * service level objectives are evaluated and the operator alerted on burn and on recovery.
 */
export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const services = jobServices(env);
  const result = await sweep(services);
  services.log.info("sweep", { cron: controller.cron, scheduledTime: controller.scheduledTime, ...result });
  const objectives = await sweepObjectives(env, services);
  services.log.info("slo sweep", objectives);
}

/**
 * SLO evaluation and alerts, then the metric windows past their retention; all-time totals stay. Invalid SLO settings
 * skip the evaluation, logged as an error with what is wrong, and the windows still age out by the retention (when
 * that setting is valid itself), so a typo in `SLOS` does not keep every window forever.
 */
export async function sweepObjectives(
  env: Env,
  services: JobServices,
): Promise<{ burning: string[]; notified: number; prunedWindows: number; invalidSettings?: string }> {
  let settings: SloSettings;
  try {
    settings = sloSettings(env);
  } catch (error) {
    if (!(error instanceof PermanentError && error.code === "bad_config")) throw error;
    services.log.error("slo sweep skipped: invalid settings", { detail: error.message });
    const retention = parseMetricRetention(env as unknown as Record<string, unknown>);
    const prunedWindows =
      retention === undefined ? 0 : await new MetricRollups(env.DB).prune(services.clock.now() - retention * 1000);
    return { burning: [], notified: 0, prunedWindows, invalidSettings: error.message };
  }
  const { evaluations, notified } = await sweepSlos(settings.SLOS, settings.SLO_BURN_RULES, sloPorts(env, services));
  const prunedWindows = await new MetricRollups(env.DB).prune(
    services.clock.now() - settings.METRIC_WINDOW_RETENTION_SECONDS * 1000,
  );
  return {
    burning: evaluations.filter((evaluation) => evaluation.firing).map((evaluation) => evaluation.name),
    notified: notified.length,
    prunedWindows,
  };
}

export function sweep(services: JobServices, limit = 100): Promise<SweepResult> {
  return sweepJobs(services, limit);
}
