import type { EventMeta } from "../../core/jobs/events";
import { foldJob } from "../../core/jobs/reducer";
import type { JobState } from "../../core/jobs/state";
import { appendedMetrics } from "../../core/metrics/job-metrics";
import { type CommitPlan, type Committed, IdempotencyKeyTaken, type JobStore } from "../../core/ports/job-store";
import { writeDataPoints } from "../metrics/analytics-engine";
import { rollupStatements } from "../metrics/rollup";
import { recordLlmCalls } from "../telemetry/spans";
import type { EventStore } from "./events";
import { insertIdempotencyKey, isIdempotencyKeyTaken } from "./idempotency";
import type { Outbox } from "./outbox";
import { projectAppend } from "./projections";

/**
 * The job store on D1: the stream folded on load; a commit appends with the read version, and the job's read
 * model, the metric rollup, the outbox rows, the idempotency record and any extra statement go into the same
 * batch, so each event is counted exactly once.
 */
export class D1JobStore implements JobStore<D1PreparedStatement> {
  constructor(
    readonly events: EventStore,
    readonly outbox: Outbox,
    private readonly metricsDataset?: AnalyticsEngineDataset,
  ) {}

  async load(jobId: string): Promise<JobState> {
    return foldJob(jobId, await this.events.read(jobId));
  }

  async commit(before: JobState, plan: CommitPlan<D1PreparedStatement>, meta: EventMeta): Promise<Committed> {
    if (plan.events.length === 0) return { state: before, appended: [] };
    const { db } = this.events;
    const rows = (plan.messages ?? []).map((message) => this.outbox.row(message.body, message.delaySeconds));
    const idempotency = plan.idempotency ? [insertIdempotencyKey(db, meta.tenantId, plan.idempotency)] : [];
    let state = before;
    let samples: ReturnType<typeof appendedMetrics> = [];
    try {
      const appended = await this.events.append(before.id, before.version, plan.events, meta, (stored) => {
        const projected = projectAppend(db, before, stored);
        state = projected.state;
        samples = state.exists ? appendedMetrics(before, stored) : [];
        const at = Date.parse(stored[0]?.time ?? "") || Date.now();
        return [
          ...idempotency,
          ...(plan.extra ?? []),
          ...projected.statements,
          ...rollupStatements(db, samples, state.tenantId, at),
          ...rows.map((row) => this.outbox.insert(row)),
        ];
      });
      if (this.metricsDataset) writeDataPoints(this.metricsDataset, samples, state.tenantId);
      for (const event of appended)
        if (event.type === "DraftWritten" || event.type === "ArticleFailed" || event.type === "ArticleCompleted") {
          recordLlmCalls(event.data.usage ?? []);
        }
      await this.outbox.send(rows);
      return { state, appended };
    } catch (error) {
      if (plan.idempotency && isIdempotencyKeyTaken(error)) throw new IdempotencyKeyTaken(plan.idempotency.key);
      throw error;
    }
  }
}
