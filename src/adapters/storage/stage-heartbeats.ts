/** SQL for the beat of the job's current stage (`h.beat_at`), joined to `jobs`. */
export const STAGE_BEAT = `LEFT JOIN stage_heartbeats h ON h.job_id = jobs.id
  AND h.stage = CASE jobs.status WHEN 'writing' THEN 'write' ELSE 'research' END`;

/**
 * The stage consumers' heartbeats in D1: one row per job, the latest time a consumer vouched for its message
 * (holding it, or until a message it sent back with a delay is due in line again). A beat never moves back.
 */
export class D1StageHeartbeats {
  constructor(private readonly db: D1Database) {}

  async beat(stage: "research" | "write", jobIds: readonly string[], at: number): Promise<void> {
    if (!jobIds.length) return;
    await this.db.batch(
      [...new Set(jobIds)].map((jobId) =>
        this.db
          .prepare(
            "INSERT INTO stage_heartbeats (job_id, stage, beat_at) VALUES (?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET stage = excluded.stage, beat_at = max(beat_at, excluded.beat_at)",
          )
          .bind(jobId, stage, at),
      ),
    );
  }
}
