import type { WorkStage } from "../../core/jobs/messages";

/** SQL for the beat of the job's current stage (`h.beat_at`, `h.held`), joined to `jobs`. */
export const STAGE_BEAT = `LEFT JOIN stage_heartbeats h ON h.job_id = jobs.id
  AND h.stage = CASE jobs.status WHEN 'writing' THEN 'write' ELSE 'research' END`;

/**
 * The stage consumers' heartbeats in D1: one row per job and stage, the latest time a consumer vouched for the job's
 * message of that stage (holding it, or until a message it settled is due in line again) and whether it still held
 * it then. The sweep reads the job's current stage's row: a stale duplicate of a passed stage's message, beaten for
 * as it arrives and settled at once, neither takes the place of the vouch of a consumer holding the current stage's
 * message nor of one sent back to wait. A beat never moves back, and an earlier beat landing late changes nothing.
 */
export class D1StageHeartbeats {
  constructor(private readonly db: D1Database) {}

  /** `held`: the consumer holds the messages (a periodic beat); otherwise it has just settled them. */
  async beat(stage: WorkStage, jobIds: readonly string[], at: number, held = true): Promise<void> {
    if (!jobIds.length) return;
    await this.db.batch(
      [...new Set(jobIds)].map((jobId) =>
        this.db
          .prepare(
            `INSERT INTO stage_heartbeats (job_id, stage, beat_at, held) VALUES (?, ?, ?, ?) ON CONFLICT (job_id, stage) DO UPDATE SET
              held = CASE WHEN excluded.beat_at >= beat_at THEN excluded.held ELSE held END,
              beat_at = max(beat_at, excluded.beat_at)`,
          )
          .bind(jobId, stage, at, held ? 1 : 0),
      ),
    );
  }
}
