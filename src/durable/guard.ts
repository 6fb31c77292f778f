import { DurableObject } from "cloudflare:workers";
import type { CallUsage } from "../core/article/model";
import {
  acquireProvider,
  emptyProviderGuard,
  type ProviderAdmission,
  type ProviderGuardState,
  type ProviderOutcome,
  type ProviderPolicy,
  type ProviderStatus,
  providerStatus,
  reportProvider,
  wakeProvider,
} from "../core/guard/provider-guard";
import { type BucketLimits, type TakeResult, take } from "../core/guard/token-bucket";
import { type Clock, systemClock } from "../core/ports/clock";
import type { DraftPart } from "../core/ports/writer";

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
      ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS providers (name TEXT PRIMARY KEY, state TEXT NOT NULL)");
      ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS draft_parts (part TEXT PRIMARY KEY, value TEXT NOT NULL, usage TEXT NOT NULL)",
      );
    });
  }

  private loadProvider(name: string): ProviderGuardState {
    const row = this.ctx.storage.sql
      .exec<{ state: string }>("SELECT state FROM providers WHERE name = ?", name)
      .toArray()[0];
    return row ? (JSON.parse(row.state) as ProviderGuardState) : emptyProviderGuard();
  }

  private async saveProvider(name: string, state: ProviderGuardState): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT INTO providers (name, state) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state",
      name,
      JSON.stringify(state),
    );
    // An open breaker goes half-open at the end of its cool-down: the alarm does it even if no call comes.
    if (state.breaker.status === "open") {
      const current = await this.ctx.storage.getAlarm();
      if (current === null || current > state.breaker.openUntil)
        await this.ctx.storage.setAlarm(state.breaker.openUntil);
    }
  }

  /** `provider:<name>`: may a call with about `estimatedTokens` go out now (breaker closed, capacity left)? */
  async acquireProvider(name: string, policy: ProviderPolicy, estimatedTokens: number): Promise<ProviderAdmission> {
    const { admission, state } = acquireProvider(this.loadProvider(name), policy, this.clock.now(), estimatedTokens);
    await this.saveProvider(name, state);
    return admission;
  }

  /** `provider:<name>`: a call's outcome corrects the capacity and feeds the breaker. */
  async reportProvider(name: string, policy: ProviderPolicy, outcome: ProviderOutcome): Promise<void> {
    await this.saveProvider(name, reportProvider(this.loadProvider(name), policy, this.clock.now(), outcome));
  }

  providerStatus(name: string, policy: ProviderPolicy): ProviderStatus {
    return providerStatus(this.loadProvider(name), policy, this.clock.now());
  }

  /** `draft:<job>:<run>:<attempt>`: keeps one finished part of the draft. */
  saveDraftPart(part: string, finished: DraftPart): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO draft_parts (part, value, usage) VALUES (?, ?, ?) ON CONFLICT(part) DO UPDATE SET value = excluded.value, usage = excluded.usage",
      part,
      JSON.stringify(finished.value),
      JSON.stringify(finished.usage),
    );
  }

  /** `draft:<job>:<run>:<attempt>`: the parts finished so far. */
  draftParts(): Record<string, DraftPart> {
    const rows = this.ctx.storage.sql
      .exec<{ part: string; value: string; usage: string }>("SELECT part, value, usage FROM draft_parts")
      .toArray();
    return Object.fromEntries(
      rows.map((row) => [row.part, { value: JSON.parse(row.value), usage: JSON.parse(row.usage) as CallUsage[] }]),
    );
  }

  /** Breakers whose cool-down has passed become half-open; the next alarm is set for the next one due. */
  override async alarm(): Promise<void> {
    const now = this.clock.now();
    let next: number | undefined;
    for (const row of this.ctx.storage.sql
      .exec<{ name: string; state: string }>("SELECT name, state FROM providers")
      .toArray()) {
      const state = wakeProvider(JSON.parse(row.state) as ProviderGuardState, now);
      this.ctx.storage.sql.exec("UPDATE providers SET state = ? WHERE name = ?", JSON.stringify(state), row.name);
      if (state.breaker.status === "open") next = Math.min(next ?? Infinity, state.breaker.openUntil);
    }
    if (next !== undefined) await this.ctx.storage.setAlarm(next);
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
