/** What an operator asks of the read tables and the outbox: backlog by stage and the latest failures. */

export interface StageBacklog {
  queue: string;
  /** Messages committed but not yet handed to the queue. */
  unsent: number;
  oldestUnsentAgeSeconds: number | null;
}

export interface JobsInFlight {
  status: string;
  count: number;
  /** How long the job that has waited longest has been in its current stage. */
  oldestStageAgeSeconds: number | null;
}

export interface RecentFailure {
  jobId: string;
  tenantId: string;
  keyword: string;
  errorCode: string | null;
  errorMessage: string | null;
  traceId: string;
  failedAt: string;
}

const age = (now: number, from: number | string | null) =>
  from === null ? null : Math.max(0, Math.round((now - (typeof from === "number" ? from : Date.parse(from))) / 1000));

export class OperationsReads {
  constructor(private readonly db: D1Database) {}

  async backlog(now: number): Promise<{ outbox: StageBacklog[]; jobs: JobsInFlight[] }> {
    const [outbox, jobs] = await this.db.batch<Record<string, unknown>>([
      this.db.prepare(
        "SELECT queue, COUNT(*) AS unsent, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL GROUP BY queue ORDER BY queue",
      ),
      this.db.prepare(
        "SELECT status, COUNT(*) AS count, MIN(stage_entered_at) AS oldest FROM jobs WHERE status IN ('queued', 'researching', 'writing') GROUP BY status ORDER BY status",
      ),
    ]);
    return {
      outbox: (outbox?.results ?? []).map((row) => ({
        queue: String(row.queue),
        unsent: Number(row.unsent),
        oldestUnsentAgeSeconds: age(now, row.oldest as number | null),
      })),
      jobs: (jobs?.results ?? []).map((row) => ({
        status: String(row.status),
        count: Number(row.count),
        oldestStageAgeSeconds: age(now, row.oldest as string | null),
      })),
    };
  }

  async recentFailures(limit: number): Promise<RecentFailure[]> {
    const { results } = await this.db
      .prepare(
        "SELECT id, tenant_id, keyword, error_code, error_message, trace_id, updated_at FROM jobs WHERE status = 'failed' ORDER BY updated_at DESC LIMIT ?",
      )
      .bind(limit)
      .all<Record<string, string | null>>();
    return results.map((row) => ({
      jobId: String(row.id),
      tenantId: String(row.tenant_id),
      keyword: String(row.keyword),
      errorCode: row.error_code ?? null,
      errorMessage: row.error_message ?? null,
      traceId: String(row.trace_id),
      failedAt: String(row.updated_at),
    }));
  }
}
