import type { OwedDelivery, Pruned, StalledJob, Upkeep } from "../../core/ports/upkeep";
import { HOOK_KEY_PREFIX } from "../../core/webhooks/intake";
import type { Outbox } from "./outbox";
import { STAGE_BEAT } from "./stage-heartbeats";
import { owedDeliveries } from "./undelivered";

/** How long each kind of bookkeeping row is kept, in milliseconds. */
export interface RetentionPolicy {
  /** Outbox rows, counted from when they were sent (unsent rows are kept for the sweep to re-send). */
  sentOutboxMs: number;
  /** First answers to API `Idempotency-Key`s. */
  idempotencyKeyMs: number;
  /** Inbound hook calls remembered against replays (message ids and GitHub-style body digests). */
  hookCallMs: number;
  /**
   * Stage heartbeats of jobs that have ended: once older than the stuck threshold, a beat holds nothing off. A
   * running job's beat is kept (see `pruneExpired`).
   */
  heartbeatMs: number;
}

/** A beat whose job row is gone, or that is this old, is deleted whatever its job's state. */
const ORPHAN_BEAT_MS = 7 * 24 * 3600 * 1000;

const HOOK_KEY = `substr(key, 1, ${HOOK_KEY_PREFIX.length}) = '${HOOK_KEY_PREFIX}'`;

/** Deletes what has outlived its retention, at most `limit` rows of each kind per call. */
export async function pruneExpired(
  db: D1Database,
  policy: RetentionPolicy,
  now: number,
  limit = 1000,
): Promise<Pruned> {
  const iso = (ms: number) => new Date(now - ms).toISOString();
  const [outbox, idempotencyKeys, hookCalls, cacheEntries, heartbeats] = await db.batch([
    db
      .prepare(
        "DELETE FROM outbox WHERE rowid IN (SELECT rowid FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)",
      )
      .bind(now - policy.sentOutboxMs, limit),
    db
      .prepare(
        `DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? AND NOT ${HOOK_KEY} LIMIT ?)`,
      )
      .bind(iso(policy.idempotencyKeyMs), limit),
    db
      .prepare(
        `DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? AND ${HOOK_KEY} LIMIT ?)`,
      )
      .bind(iso(policy.hookCallMs), limit),
    db
      .prepare(
        "DELETE FROM cache_entries WHERE rowid IN (SELECT rowid FROM cache_entries WHERE expires_at <= ? LIMIT ?)",
      )
      .bind(now, limit),
    // A stale beat of a job still running is the sweep's evidence (whether a consumer died holding its message),
    // so it stays until the job ends; a week bounds what a lost job row could leave.
    db
      .prepare(
        `DELETE FROM stage_heartbeats WHERE rowid IN (SELECT h.rowid FROM stage_heartbeats h LEFT JOIN jobs ON jobs.id = h.job_id
          WHERE h.beat_at < ? AND (jobs.id IS NULL OR jobs.status NOT IN ('queued', 'researching', 'writing') OR h.beat_at < ?) LIMIT ?)`,
      )
      .bind(now - policy.heartbeatMs, now - ORPHAN_BEAT_MS, limit),
  ]);
  return {
    outbox: outbox?.meta.changes ?? 0,
    idempotencyKeys: idempotencyKeys?.meta.changes ?? 0,
    hookCalls: hookCalls?.meta.changes ?? 0,
    cacheEntries: cacheEntries?.meta.changes ?? 0,
    heartbeats: heartbeats?.meta.changes ?? 0,
  };
}

/**
 * The sweep's storage in D1: the outbox's unsent rows, the jobs read model's stalled rows, the runs whose webhook
 * deliveries are owed, and retention.
 */
export class D1Upkeep implements Upkeep {
  constructor(
    private readonly db: D1Database,
    private readonly outbox: Outbox,
    private readonly policy: RetentionPolicy,
  ) {}

  resendUnsent(olderThanMs: number, limit: number): Promise<number> {
    return this.outbox.resendUnsent(olderThanMs, limit);
  }

  async stalledJobs(before: Date, limit: number): Promise<StalledJob[]> {
    const { results } = await this.db
      .prepare(
        `SELECT jobs.id AS id, h.beat_at AS beat_at, h.held AS held FROM jobs ${STAGE_BEAT} WHERE jobs.status IN ('queued', 'researching', 'writing') AND jobs.stage_entered_at < ? AND (h.beat_at IS NULL OR h.beat_at < ?) ORDER BY jobs.stage_entered_at LIMIT ?`,
      )
      .bind(before.toISOString(), before.getTime(), limit)
      .all<{ id: string; beat_at: number | null; held: number | null }>();
    return results.map((row) =>
      row.beat_at === null ? { id: row.id } : { id: row.id, beatAt: row.beat_at, held: row.held === 1 },
    );
  }

  owedDeliveries(before: Date, since: Date, limit: number): Promise<OwedDelivery[]> {
    return owedDeliveries(this.db, { before, since, limit });
  }

  async redeliver(owed: OwedDelivery[]): Promise<number> {
    const rows = owed.map(({ jobId, run, traceId }) =>
      this.outbox.row({ jobId, stage: "deliver", attempt: run, traceId }),
    );
    if (!rows.length) return 0;
    await this.db.batch(rows.map((row) => this.outbox.insert(row)));
    return this.outbox.send(rows);
  }

  prune(now: number): Promise<Pruned> {
    return pruneExpired(this.db, this.policy, now);
  }
}
