import { type Pruned, pruneExpired } from "../adapters/storage/retention";
import { owedDeliveries } from "../adapters/storage/undelivered";
import { type JobServices, jobServices } from "../composition/jobs";
import { redrivePlan } from "../core/jobs/redrive";
import { updateJob } from "../core/ports/job-store";

export interface SweepResult {
  resent: number;
  redriven: number;
  failed: number;
  /** Job runs whose deliver message was re-sent: deliveries overdue, or an ended run with none planned. */
  deliveriesRedriven: number;
  pruned: Pruned;
}

/**
 * The cron trigger: nothing accepted is lost. Re-sends outbox rows a failed send left behind, re-drives jobs
 * that made no progress for STUCK_AFTER_SECONDS (failing them after MAX_REDRIVES) and webhook deliveries whose
 * deliver message went missing for as long, and prunes bookkeeping that has outlived its retention (sent outbox
 * rows, idempotency keys, remembered hook calls).
 */
export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const services = jobServices(env);
  const result = await sweep(services);
  services.log.info("sweep", { cron: controller.cron, scheduledTime: controller.scheduledTime, ...result });
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
  const deliveriesRedriven = await redriveDeliveries(services, stuckAfterMs, limit);
  const pruned = await pruneExpired(
    db,
    {
      sentOutboxMs: config.OUTBOX_RETENTION_SECONDS * 1000,
      idempotencyKeyMs: config.IDEMPOTENCY_KEY_RETENTION_SECONDS * 1000,
      hookCallMs: config.HOOK_REPLAY_WINDOW_SECONDS * 1000,
    },
    clock.now(),
  );
  return { resent, redriven, failed, deliveriesRedriven, pruned };
}

/** Runs that ended this long before the stuck threshold are no longer looked at for deliveries never planned. */
const UNPLANNED_LOOKBACK_MS = 24 * 3600 * 1000;

/** Sends a new deliver message, through the outbox, for each job run whose deliveries are owed and stalled. */
async function redriveDeliveries(services: JobServices, stuckAfterMs: number, limit: number): Promise<number> {
  const { clock, db, outbox, log } = services;
  const before = new Date(clock.now() - stuckAfterMs);
  const owed = await owedDeliveries(db, {
    before,
    since: new Date(before.getTime() - UNPLANNED_LOOKBACK_MS),
    limit,
  });
  const rows = owed.map(({ jobId, run, traceId }) => outbox.row({ jobId, stage: "deliver", attempt: run, traceId }));
  if (!rows.length) return 0;
  await db.batch(rows.map((row) => outbox.insert(row)));
  await outbox.send(rows);
  for (const { jobId, run, traceId } of owed) log.warn("webhook deliveries re-driven", { jobId, run, traceId });
  return rows.length;
}
