/** SQL for a stalled job's heartbeat: a beat for the job's current stage at or after `?` (ms). */
export const RECENT_BEAT = `EXISTS (SELECT 1 FROM stage_heartbeats h WHERE h.job_id = jobs.id
  AND h.stage = CASE jobs.status WHEN 'writing' THEN 'write' ELSE 'research' END AND h.beat_at >= ?)`;

/** The stage consumers' heartbeats in D1: one row per job, the last time a consumer reported holding its message. */
export class D1StageHeartbeats {
  constructor(private readonly db: D1Database) {}

  async beat(stage: "research" | "write", jobIds: readonly string[], at: number): Promise<void> {
    if (!jobIds.length) return;
    await this.db.batch(
      [...new Set(jobIds)].map((jobId) =>
        this.db
          .prepare(
            "INSERT INTO stage_heartbeats (job_id, stage, beat_at) VALUES (?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET stage = excluded.stage, beat_at = excluded.beat_at",
          )
          .bind(jobId, stage, at),
      ),
    );
  }
}
