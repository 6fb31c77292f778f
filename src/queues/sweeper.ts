import { MetricRollups } from "../adapters/metrics/rollup";
import { type Pruned, pruneExpired } from "../adapters/storage/retention";
import { type JobServices, jobServices } from "../composition/jobs";
import { sloPorts, sloSettings } from "../composition/slo";
import { redrivePlan } from "../core/jobs/redrive";
import { updateJob } from "../core/ports/job-store";
import { sweepSlos } from "../core/slo/sweep";

export interface SweepResult {
  resent: number;
  redriven: number;
  failed: number;
  pruned: Pruned;
}

/**
 * The cron trigger: nothing accepted is lost. Re-sends outbox rows a failed send left behind, re-drives jobs
 * that made no progress for STUCK_AFTER_SECONDS (failing them after MAX_REDRIVES), and prunes bookkeeping that
 * has outlived its retention (sent outbox rows, idempotency keys, remembered hook calls); then evaluates the
 * service level objectives and alerts the operator on burn and on recovery.
 */
export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const services = jobServices(env);
  const result = await sweep(services);
  services.log.info("sweep", { cron: controller.cron, scheduledTime: controller.scheduledTime, ...result });
  const objectives = await sweepObjectives(env, services);
  services.log.info("slo sweep", objectives);
}

/** SLO evaluation and alerts, then the metric windows past their retention; all-time totals stay. */
export async function sweepObjectives(
  env: Env,
  services: JobServices,
): Promise<{ burning: string[]; notified: number; prunedWindows: number }> {
  const settings = sloSettings(env);
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

export async function sweep(services: JobServices, limit = 100): Promise<SweepResult> {
  const { config, clock, outbox, store, db } = services;
  const resent = await outbox.resendUnsent(config.OUTBOX_RESEND_AFTER_SECONDS * 1000, limit);
  const stuckAfterMs = config.STUCK_AFTER_SECONDS * 1000;
  const { results } = await db
    .prepare(
      "SELECT id FROM jobs WHERE status IN ('queued', 'researching', 'writing') AND stage_entered_at < ? ORDER BY stage_entered_at LIMIT ?",
    )
    .bind(new Date(clock.now() - stuckAfterMs).toISOString(), limit)
    .all<{ id: string }>();
  let redriven = 0;
  let failed = 0;
  for (const { id } of results) {
    try {
      const committed = await updateJob(
        store,
        id,
        (state) => {
          const plan = redrivePlan(state, clock.now(), stuckAfterMs, config.MAX_REDRIVES);
          if (!plan) return { events: [] };
          const messages = plan.next
            ? [{ body: { jobId: id, stage: plan.next.stage, attempt: plan.next.attempt, traceId: state.traceId } }]
            : [];
          return { events: plan.events, messages };
        },
        (state) => ({ tenantId: state.tenantId, traceId: state.traceId, causationId: "sweeper" }),
      );
      const type = committed.appended[0]?.type;
      if (type === "StageRedriven") redriven++;
      if (type === "ArticleFailed") failed++;
      if (type)
        services.log.warn("stuck job", {
          jobId: id,
          tenantId: committed.state.tenantId,
          traceId: committed.state.traceId,
          action: type,
        });
    } catch (error) {
      services.log.error("could not re-drive a job", { jobId: id, error: String(error) });
    }
  }
  const pruned = await pruneExpired(
    db,
    {
      sentOutboxMs: config.OUTBOX_RETENTION_SECONDS * 1000,
      idempotencyKeyMs: config.IDEMPOTENCY_KEY_RETENTION_SECONDS * 1000,
      hookCallMs: config.HOOK_REPLAY_WINDOW_SECONDS * 1000,
    },
    clock.now(),
  );
  return { resent, redriven, failed, pruned };
}
