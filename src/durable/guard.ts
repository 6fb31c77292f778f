import { DurableObject } from "cloudflare:workers";
import { type BucketLimits, type TakeResult, take } from "../core/guard/token-bucket";
import { type Clock, systemClock } from "../core/ports/clock";

export type RateDecision = Omit<TakeResult, "state">;

/**
 * One guard per scope (`tenant:<id>`, `keyword:<tenant>:<kw>`, `provider:<name>`, `domain:<host>`).
 * State lives in this object's SQLite storage; methods are RPC.
 */
export class Guard extends DurableObject<Env> {
  /** Replaceable in tests to drive time without sleeping. */
  clock: Clock = systemClock;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, tokens REAL NOT NULL, updated_at INTEGER NOT NULL)",
      );
      ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS flights (key TEXT PRIMARY KEY, job_id TEXT NOT NULL, expires_at INTEGER NOT NULL)",
      );
    });
  }

  /** Takes `cost` tokens from the named bucket if it has them. */
  rateLimit(bucket: string, limits: BucketLimits, cost = 1): RateDecision {
    const row = this.ctx.storage.sql
      .exec<{ tokens: number; updated_at: number }>("SELECT tokens, updated_at FROM buckets WHERE name = ?", bucket)
      .toArray()[0];
    const previous = row ? { tokens: row.tokens, updatedAt: row.updated_at } : undefined;
    const { state, ...decision } = take(previous, limits, this.clock.now(), cost);
    this.ctx.storage.sql.exec(
      "INSERT INTO buckets (name, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at",
      bucket,
      state.tokens,
      state.updatedAt,
    );
    return decision;
  }

  /**
   * Single flight: the job already in flight under `key`, or `candidate` (now recorded) when there is none.
   * A claim expires after `ttlMs`; naming it as `stale` (its job has finished) hands it to the candidate.
   */
  singleFlight(key: string, candidate: string, ttlMs: number, stale?: string): string {
    const now = this.clock.now();
    const held = this.ctx.storage.sql
      .exec<{ job_id: string; expires_at: number }>("SELECT job_id, expires_at FROM flights WHERE key = ?", key)
      .toArray()[0];
    if (held && held.expires_at > now && held.job_id !== stale) return held.job_id;
    this.ctx.storage.sql.exec(
      "INSERT INTO flights (key, job_id, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET job_id = excluded.job_id, expires_at = excluded.expires_at",
      key,
      candidate,
      now + ttlMs,
    );
    return candidate;
  }

  ping(): "pong" {
    return "pong";
  }
}
