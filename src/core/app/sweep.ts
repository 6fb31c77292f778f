import type { WorkStage } from "../jobs/messages";
import { redrivePlan } from "../jobs/redrive";
import type { Clock } from "../ports/clock";
import type { Guards } from "../ports/guard";
import { type JobStore, updateJob } from "../ports/job-store";
import type { Log } from "../ports/log";
import type { StageLines } from "../ports/stage-lines";
import type { Pruned, Upkeep } from "../ports/upkeep";
import { planCommit } from "./commands";
import { reportKeywordOutcome } from "./keyword-outcome";

export interface SweepPorts {
  store: JobStore;
  upkeep: Upkeep;
  clock: Clock;
  log: Log;
  config: { OUTBOX_RESEND_AFTER_SECONDS: number; STUCK_AFTER_SECONDS: number; MAX_REDRIVES: number };
  /** The stage queues' lines: a job whose message may still be waiting in one is not re-driven. */
  lines?: StageLines;
}

/** Runs that ended this long before the stuck threshold are no longer looked at for deliveries never planned. */
const UNPLANNED_LOOKBACK_MS = 24 * 3600 * 1000;

export interface SweepResult {
  resent: number;
  redriven: number;
  failed: number;
  /** Job runs whose deliver message was sent again: deliveries overdue, or an ended run with none planned. */
  deliveriesRedriven: number;
  pruned: Pruned;
}

/**
 * Nothing accepted is lost: re-sends outbox rows a failed send left behind, re-drives jobs that made no progress
 * for STUCK_AFTER_SECONDS (failing them after MAX_REDRIVES) and webhook deliveries whose deliver message went
 * missing for as long, and prunes bookkeeping past its retention. A job is not taken for stuck while a consumer
 * reports holding its message (`stalledJobs`) or while its message may still be waiting in line (`lines`).
 * One job that cannot be re-driven is logged and does not stop the others.
 */
export async function sweepJobs(
  ports: SweepPorts & {
    /** The keywords' guards, told of a job failed as stuck (their breakers open on repeated failures). */
    guards?: Pick<Guards, "keyword">;
  },
  limit = 100,
): Promise<SweepResult> {
  const { config, clock, upkeep, store, log } = ports;
  const resent = await upkeep.resendUnsent(config.OUTBOX_RESEND_AFTER_SECONDS * 1000, limit);
  const stuckAfterMs = config.STUCK_AFTER_SECONDS * 1000;
  const stalled = await upkeep.stalledJobs(new Date(clock.now() - stuckAfterMs), limit);
  const oldestWaiting = stalled.length ? await linesNow(ports.lines, log) : {};
  let redriven = 0;
  let failed = 0;
  for (const { id, beatAt, held } of stalled) {
    try {
      const committed = await updateJob(
        store,
        id,
        (state) => {
          const plan = redrivePlan(state, clock.now(), stuckAfterMs, config.MAX_REDRIVES, {
            oldestWaiting,
            beatAt,
            held,
          });
          return plan ? planCommit(id, state.traceId, plan) : { events: [] };
        },
        (state) => ({ tenantId: state.tenantId, traceId: state.traceId, causationId: "sweeper" }),
      );
      const type = committed.appended[0]?.type;
      if (type === "StageRedriven") redriven++;
      if (type === "ArticleFailed") {
        failed++;
        if (committed.state.exists) await reportKeywordOutcome(ports.guards, committed.state, committed.appended, log);
      }
      if (type) {
        const { tenantId, traceId } = committed.state;
        log.warn("stuck job", { jobId: id, tenantId, traceId, action: type });
      }
    } catch (error) {
      log.error("could not re-drive a job", { jobId: id, error: String(error) });
    }
  }
  const before = new Date(clock.now() - stuckAfterMs);
  const owed = await upkeep.owedDeliveries(before, new Date(before.getTime() - UNPLANNED_LOOKBACK_MS), limit);
  const deliveriesRedriven = await upkeep.redeliver(owed);
  for (const { jobId, run, traceId } of owed) log.warn("webhook deliveries re-driven", { jobId, run, traceId });
  const pruned = await upkeep.prune(clock.now());
  return { resent, redriven, failed, deliveriesRedriven, pruned };
}

/** Where each stage queue's line starts; a queue that cannot be asked holds nothing off (re-drives as before). */
async function linesNow(lines: StageLines | undefined, log: Log): Promise<Partial<Record<WorkStage, number>>> {
  const oldest: Partial<Record<WorkStage, number>> = {};
  if (!lines) return oldest;
  for (const stage of ["research", "write"] as const) {
    try {
      const sent = await lines.oldestWaiting(stage);
      if (sent !== undefined) oldest[stage] = sent;
    } catch (error) {
      log.warn("could not read a stage queue's backlog", { stage, error: String(error) });
    }
  }
  return oldest;
}
