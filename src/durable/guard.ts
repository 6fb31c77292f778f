import { DurableObject } from "cloudflare:workers";
import { metricsDataset, metricsSink } from "../adapters/metrics/sink";
import type { CallUsage } from "../core/article/model";
import { type BreakerState, closedBreaker, coolDown } from "../core/guard/breaker";
import {
  admitKeywordJob,
  type KeywordAdmission,
  releaseKeywordProbe,
  reportKeywordJob,
} from "../core/guard/keyword-breaker";
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
import { type BucketLimits, type BucketState, giveBack, take } from "../core/guard/token-bucket";
import { providerMetrics } from "../core/metrics/provider-metrics";
import { type Clock, systemClock } from "../core/ports/clock";
import type { FlightClaim, RateDecision } from "../core/ports/guard";
import type { SpendHold, UsageRow } from "../core/ports/spend";
import type { DraftPart } from "../core/ports/writer";

export type { RateDecision };

/** How long a crawl turn waits for its holder to say its request arrived before the next turn goes anyway. */
const CRAWL_TURN_WAIT_MS = 20_000;

/** How long a request waits for another's claim being created before it takes the claim over. */
const CREATION_WAIT_MS = 2_000;

/** How long a draft's parts outlive their last save when nothing clears them (their job was lost). */
const DRAFT_PARTS_TTL_MS = 24 * 60 * 60_000;

/** How long a call's hold on the tenant's daily cap lasts if the call is never settled (its worker died). */
const SPEND_HOLD_MS = 15 * 60_000;

/** What a due timer does, by the prefix of its name (`flight:<key>`, ...). */
type TimerHandlers = Record<string, (subject: string, now: number) => void>;

/**
 * One guard per scope (`tenant:<id>`, `keyword:<tenant>:<kw>`, `provider:<name>`, `domain:<host>`, `hook:<id>`).
 * State lives in this object's SQLite storage; methods are RPC. Its one alarm serves a timers table: each
 * timer has a name and a due time, the alarm is set to the earliest, and `alarm()` runs every timer that is due.
 */
export class Guard extends DurableObject<Env> {
  /** Replaceable in tests to drive time without sleeping. */
  clock: Clock = systemClock;

  /** Crawl turns by host: the chain of waiting turns, when the last request left, and how the current turn ends. */
  private readonly crawlTurns = new Map<
    string,
    { tail: Promise<void>; lastEnded: number; turns: number; current?: number; end?: () => void }
  >();

  /** Requests waiting for a claim being created to be confirmed or released, by flight key. */
  private readonly waiting = new Map<string, (() => void)[]>();

  private readonly timerHandlers: TimerHandlers = {
    flight: (key, now) => {
      this.ctx.storage.sql.exec("DELETE FROM flights WHERE key = ? AND expires_at <= ?", key, now);
    },
    // A draft's parts that nothing cleared expire.
    drafts: () => {
      this.ctx.storage.sql.exec("DELETE FROM draft_parts");
    },
    // The keyword breaker goes half-open at the end of its cool-down.
    keyword: (_subject, now) => {
      this.saveKeywordBreaker(coolDown(this.loadKeywordBreaker(), now));
    },
    // An open breaker goes half-open at the end of its cool-down, even if no call comes to notice.
    breaker: (name, now) => {
      const state = this.loadProvider(name);
      const woken = wakeProvider(state, now);
      this.ctx.storage.sql.exec("UPDATE providers SET state = ? WHERE name = ?", JSON.stringify(woken), name);
      this.recordProvider(name, state, woken);
    },
  };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const sql = ctx.storage.sql;
      sql.exec(
        "CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, tokens REAL NOT NULL, updated_at INTEGER NOT NULL)",
      );
      sql.exec(
        "CREATE TABLE IF NOT EXISTS flights (key TEXT PRIMARY KEY, job_id TEXT NOT NULL, expires_at INTEGER NOT NULL, creating INTEGER NOT NULL DEFAULT 0)",
      );
      // Claims recorded before a claim knew whether its job was being created.
      const columns = sql.exec<{ name: string }>("PRAGMA table_info(flights)").toArray();
      if (!columns.some((column) => column.name === "creating")) {
        sql.exec("ALTER TABLE flights ADD COLUMN creating INTEGER NOT NULL DEFAULT 0");
      }
      sql.exec("CREATE TABLE IF NOT EXISTS timers (name TEXT PRIMARY KEY, due_at INTEGER NOT NULL)");
      sql.exec("CREATE TABLE IF NOT EXISTS crawl_turns (host TEXT PRIMARY KEY, ended_at INTEGER NOT NULL)");
      sql.exec("CREATE TABLE IF NOT EXISTS providers (name TEXT PRIMARY KEY, state TEXT NOT NULL)");
      sql.exec(
        "CREATE TABLE IF NOT EXISTS draft_parts (part TEXT PRIMARY KEY, value TEXT NOT NULL, usage TEXT NOT NULL)",
      );
      sql.exec(
        "CREATE TABLE IF NOT EXISTS keyword_breaker (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)",
      );
      sql.exec(
        "CREATE TABLE IF NOT EXISTS spend (day TEXT NOT NULL, provider TEXT NOT NULL, calls INTEGER NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, PRIMARY KEY (day, provider))",
      );
      sql.exec(
        "CREATE TABLE IF NOT EXISTS spend_holds (id TEXT PRIMARY KEY, day TEXT NOT NULL, cost_usd REAL NOT NULL, expires_at INTEGER NOT NULL)",
      );
    });
  }

  /** Takes `cost` tokens from the named bucket if it has them. */
  rateLimit(bucket: string, limits: BucketLimits, cost = 1): RateDecision {
    const { state, ...decision } = take(this.bucket(bucket), limits, this.clock.now(), cost);
    this.saveBucket(bucket, state);
    return decision;
  }

  /** Puts back `amount` tokens taken for something that did not happen, up to the bucket's capacity. */
  returnTokens(bucket: string, limits: BucketLimits, amount = 1): void {
    this.saveBucket(bucket, giveBack(this.bucket(bucket), limits, this.clock.now(), amount));
  }

  private bucket(name: string): BucketState | undefined {
    const row = this.ctx.storage.sql
      .exec<{ tokens: number; updated_at: number }>("SELECT tokens, updated_at FROM buckets WHERE name = ?", name)
      .toArray()[0];
    return row ? { tokens: row.tokens, updatedAt: row.updated_at } : undefined;
  }

  private saveBucket(name: string, state: BucketState): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO buckets (name, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at",
      name,
      state.tokens,
      state.updatedAt,
    );
  }

  /**
   * Single flight: the claim under `key` if one is live (and not `stale`), else a new claim for `candidate`
   * marked as being created, which lapses after `creatingForMs` unless `confirmFlight` follows. A claim still
   * being created by another request is waited for (up to CREATION_WAIT_MS): once confirmed it is answered,
   * once released or silent for that long it passes to the candidate. So a request right behind another joins
   * a job that exists, and a retry after a call that died mid-creation starts its own.
   */
  async claimFlight(key: string, candidate: string, creatingForMs: number, stale?: string): Promise<FlightClaim> {
    // Waiting is real time, whatever clock the claims are kept by.
    const deadline = Date.now() + CREATION_WAIT_MS;
    let passOver = stale;
    for (;;) {
      const now = this.clock.now();
      const held = this.flight(key);
      if (!held || held.expires_at <= now || held.job_id === passOver) break;
      if (!held.creating) return { holder: held.job_id, creating: false };
      if (Date.now() >= deadline) {
        passOver = held.job_id;
        continue;
      }
      await this.settled(key, deadline - Date.now());
    }
    await this.hold(key, candidate, this.clock.now() + creatingForMs, true);
    return { holder: candidate, creating: true };
  }

  /** The claimed job was created: the claim now lasts `ttlMs`. */
  async confirmFlight(key: string, jobId: string, ttlMs: number): Promise<void> {
    const held = this.ctx.storage.sql.exec("SELECT 1 FROM flights WHERE key = ? AND job_id = ?", key, jobId).toArray();
    if (held.length) await this.hold(key, jobId, this.clock.now() + ttlMs, false);
    this.wake(key);
  }

  /** The claimed job could not be created: the claim goes, so the next identical request starts its own. */
  async releaseFlight(key: string, jobId: string): Promise<void> {
    const released = this.ctx.storage.sql.exec("DELETE FROM flights WHERE key = ? AND job_id = ?", key, jobId);
    if (released.rowsWritten > 0) await this.clearTimer(`flight:${key}`);
    this.wake(key);
  }

  /**
   * `domain:<host>`: waits for the host's next crawl turn. Turns are served in the order they were asked for; one
   * starts once the previous holder has said its request reached the host (`crawlDone`, or CRAWL_TURN_WAIT_MS
   * passed) and `intervalMs` has gone by since. As a turn ends only when its request has surely arrived, a caller
   * that sends late never brings the next request closer than the interval. A caller whose turn would start after
   * `notAfter` (its fetch's deadline) is given none, and the next turn follows at once.
   */
  async beginCrawl(host: string, intervalMs: number, notAfter?: number): Promise<number | undefined> {
    // When the last turn ended is kept in storage too: an object evicted or restarted between two requests (a
    // long Crawl-delay outlasts an idle object) still spaces the next one from the last.
    const turn = this.crawlTurns.get(host) ?? {
      tail: Promise.resolve(),
      lastEnded: this.lastCrawlEnded(host),
      // Numbered from a random start, so a word about a turn given before a restart matches no turn after it.
      turns: Math.floor(Math.random() * 2 ** 40),
    };
    this.crawlTurns.set(host, turn);
    const id = ++turn.turns;
    const previous = turn.tail;
    let finish = () => {};
    turn.tail = previous.then(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    await previous;
    const wait = turn.lastEnded + Math.max(0, intervalMs) - Date.now();
    if (notAfter !== undefined && Date.now() + Math.max(0, wait) > notAfter) {
      finish();
      return undefined;
    }
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const timer = setTimeout(() => this.endCrawlTurn(host, id), CRAWL_TURN_WAIT_MS);
    turn.current = id;
    turn.end = () => {
      clearTimeout(timer);
      turn.lastEnded = Date.now();
      this.ctx.storage.sql.exec(
        "INSERT INTO crawl_turns (host, ended_at) VALUES (?, ?) ON CONFLICT(host) DO UPDATE SET ended_at = excluded.ended_at",
        host,
        turn.lastEnded,
      );
      turn.end = undefined;
      turn.current = undefined;
      finish();
    };
    return id;
  }

  private lastCrawlEnded(host: string): number {
    const row = this.ctx.storage.sql
      .exec<{ ended_at: number }>("SELECT ended_at FROM crawl_turns WHERE host = ?", host)
      .toArray()[0];
    return row?.ended_at ?? 0;
  }

  /**
   * `domain:<host>`: turn `turn`'s request has reached the host; the next turn may follow after the interval. A
   * turn that already ended (it waited out CRAWL_TURN_WAIT_MS) ends nothing: a late word never ends the next
   * holder's turn before its request has left.
   */
  crawlDone(host: string, turn: number): void {
    this.endCrawlTurn(host, turn);
  }

  private endCrawlTurn(host: string, turn: number): void {
    const state = this.crawlTurns.get(host);
    if (state?.current === turn) state.end?.();
  }

  /** How many claims this guard holds (for tests and operators). */
  flightCount(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM flights").one().n;
  }

  private loadProvider(name: string): ProviderGuardState {
    const row = this.ctx.storage.sql
      .exec<{ state: string }>("SELECT state FROM providers WHERE name = ?", name)
      .toArray()[0];
    return row ? (JSON.parse(row.state) as ProviderGuardState) : emptyProviderGuard();
  }

  /** Breaker transitions and failed calls go to the metrics, off the RPC's path. */
  private recordProvider(
    name: string,
    before: ProviderGuardState,
    after: ProviderGuardState,
    outcome?: ProviderOutcome,
  ): void {
    const samples = providerMetrics(name, before, after, outcome);
    if (samples.length === 0 || !this.env.DB) return;
    metricsSink({
      db: this.env.DB,
      dataset: metricsDataset(this.env),
      waitUntil: (promise) => this.ctx.waitUntil(promise),
      now: () => this.clock.now(),
    }).record(samples);
  }

  private async saveProvider(name: string, state: ProviderGuardState): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT INTO providers (name, state) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state",
      name,
      JSON.stringify(state),
    );
    // An open breaker goes half-open at the end of its cool-down: a timer does it even if no call comes. The
    // timer is set when the breaker opens (or its cool-down moves), and cleared once it is no longer open.
    const timer = `breaker:${name}`;
    const due = this.ctx.storage.sql
      .exec<{ due_at: number }>("SELECT due_at FROM timers WHERE name = ?", timer)
      .toArray()[0]?.due_at;
    if (state.breaker.status === "open") {
      if (due !== state.breaker.openUntil) await this.setTimer(timer, state.breaker.openUntil);
    } else if (due !== undefined) await this.clearTimer(timer);
  }

  /** `provider:<name>`: may a call with about `estimatedTokens` go out now (breaker closed, capacity left)? */
  async acquireProvider(
    name: string,
    policy: ProviderPolicy,
    estimatedTokens: number,
    bookAheadMs = 0,
  ): Promise<ProviderAdmission> {
    const before = this.loadProvider(name);
    const { admission, state } = acquireProvider(before, policy, this.clock.now(), estimatedTokens, bookAheadMs);
    await this.saveProvider(name, state);
    this.recordProvider(name, before, state);
    return admission;
  }

  /** `provider:<name>`: a call's outcome corrects the capacity and feeds the breaker. */
  async reportProvider(name: string, policy: ProviderPolicy, outcome: ProviderOutcome): Promise<void> {
    const before = this.loadProvider(name);
    const after = reportProvider(before, policy, this.clock.now(), outcome);
    await this.saveProvider(name, after);
    this.recordProvider(name, before, after, outcome);
  }

  providerStatus(name: string, policy: ProviderPolicy): ProviderStatus {
    return providerStatus(this.loadProvider(name), policy, this.clock.now());
  }

  private loadKeywordBreaker(): BreakerState {
    const row = this.ctx.storage.sql
      .exec<{ state: string }>("SELECT state FROM keyword_breaker WHERE id = 1")
      .toArray()[0];
    return row ? (JSON.parse(row.state) as BreakerState) : closedBreaker();
  }

  private saveKeywordBreaker(state: BreakerState): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO keyword_breaker (id, state) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state",
      JSON.stringify(state),
    );
  }

  /** `keyword:<tenant>:<kw>`: may a new job for the keyword start (breaker closed, or this is its probe)? */
  admitKeywordJob(): KeywordAdmission {
    const { admission, state } = admitKeywordJob(this.loadKeywordBreaker(), this.clock.now());
    this.saveKeywordBreaker(state);
    return admission;
  }

  /** `keyword:<tenant>:<kw>`: a job for the keyword ended; an opened breaker sets its half-open timer. */
  async reportKeywordJob(ok: boolean): Promise<void> {
    const before = this.loadKeywordBreaker();
    const state = reportKeywordJob(before, ok, this.clock.now());
    this.saveKeywordBreaker(state);
    if (state.status === "open" && (before.status !== "open" || before.openUntil !== state.openUntil)) {
      await this.setTimer("keyword:breaker", state.openUntil);
    }
  }

  /** `keyword:<tenant>:<kw>`: a job ended saying nothing of the keyword, or never started; its probe is given back. */
  releaseKeywordProbe(): void {
    this.saveKeywordBreaker(releaseKeywordProbe(this.loadKeywordBreaker(), this.clock.now()));
  }

  /** `draft:<job>:<run>:<attempt>`: keeps one finished part of the draft (for a day unless cleared sooner). */
  async saveDraftPart(part: string, finished: DraftPart): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT INTO draft_parts (part, value, usage) VALUES (?, ?, ?) ON CONFLICT(part) DO UPDATE SET value = excluded.value, usage = excluded.usage",
      part,
      JSON.stringify(finished.value),
      JSON.stringify(finished.usage),
    );
    await this.setTimer("drafts:expire", this.clock.now() + DRAFT_PARTS_TTL_MS);
  }

  /** `draft:<job>:<run>:<attempt>`: the draft is written or its run ended; its parts go. */
  async clearDraftParts(): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM draft_parts");
    await this.clearTimer("drafts:expire");
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

  /**
   * `tenant:<id>`: holds `costUsd` of the day's cap for one model call, unless the day's settled spend plus
   * the holds of calls in flight would then pass `capUsd`.
   */
  holdSpend(id: string, day: string, costUsd: number, capUsd: number): SpendHold {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM spend_holds WHERE expires_at <= ?", this.clock.now());
    const spentUsd =
      sql.exec<{ cost: number | null }>("SELECT SUM(cost_usd) AS cost FROM spend WHERE day = ?", day).one().cost ?? 0;
    const heldUsd =
      sql.exec<{ cost: number | null }>("SELECT SUM(cost_usd) AS cost FROM spend_holds WHERE day = ?", day).one()
        .cost ?? 0;
    if (spentUsd + heldUsd + costUsd > capUsd) return { granted: false, spentUsd, heldUsd };
    sql.exec(
      "INSERT INTO spend_holds (id, day, cost_usd, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
      id,
      day,
      costUsd,
      this.clock.now() + SPEND_HOLD_MS,
    );
    return { granted: true, spentUsd, heldUsd: heldUsd + costUsd };
  }

  /** `tenant:<id>`: records one call's usage on its day and provider and releases its hold. */
  settleSpend(holdId: string | undefined, day: string, usage: CallUsage | undefined): void {
    const sql = this.ctx.storage.sql;
    if (holdId) sql.exec("DELETE FROM spend_holds WHERE id = ?", holdId);
    if (!usage) return;
    sql.exec(
      "INSERT INTO spend (day, provider, calls, input_tokens, output_tokens, cost_usd) VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT(day, provider) DO UPDATE SET calls = calls + 1, input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens, cost_usd = cost_usd + excluded.cost_usd",
      day,
      usage.provider,
      usage.inputTokens,
      usage.outputTokens,
      usage.costUsd,
    );
  }

  /** `tenant:<id>`: the recorded usage between two days (inclusive), by day and provider. */
  spendUsage(fromDay: string, toDay: string): UsageRow[] {
    return this.ctx.storage.sql
      .exec<{
        day: string;
        provider: string;
        calls: number;
        input_tokens: number;
        output_tokens: number;
        cost_usd: number;
      }>(
        "SELECT day, provider, calls, input_tokens, output_tokens, cost_usd FROM spend WHERE day >= ? AND day <= ? ORDER BY day, provider",
        fromDay,
        toDay,
      )
      .toArray()
      .map((row) => ({
        day: row.day,
        provider: row.provider,
        calls: row.calls,
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        costUsd: row.cost_usd,
      }));
  }

  ping(): "pong" {
    return "pong";
  }

  /** Runs every timer that is due, then sets the alarm to the next one. */
  override async alarm(): Promise<void> {
    const now = this.clock.now();
    const due = this.ctx.storage.sql
      .exec<{ name: string }>("SELECT name FROM timers WHERE due_at <= ? ORDER BY due_at", now)
      .toArray();
    for (const { name } of due) {
      const split = name.indexOf(":");
      const handler = this.timerHandlers[name.slice(0, split)];
      handler?.(name.slice(split + 1), now);
      this.ctx.storage.sql.exec("DELETE FROM timers WHERE name = ? AND due_at <= ?", name, now);
    }
    await this.armAlarm();
  }

  private flight(key: string): { job_id: string; expires_at: number; creating: boolean } | undefined {
    const row = this.ctx.storage.sql
      .exec<{ job_id: string; expires_at: number; creating: number }>(
        "SELECT job_id, expires_at, creating FROM flights WHERE key = ?",
        key,
      )
      .toArray()[0];
    return row ? { job_id: row.job_id, expires_at: row.expires_at, creating: row.creating === 1 } : undefined;
  }

  /** Resolves when the claim under `key` is confirmed or released, or after `ms`. */
  private settled(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const waiting = this.waiting.get(key) ?? [];
      waiting.push(done);
      this.waiting.set(key, waiting);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private wake(key: string): void {
    for (const done of this.waiting.get(key) ?? []) done();
    this.waiting.delete(key);
  }

  private async hold(key: string, jobId: string, expiresAt: number, creating: boolean): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT INTO flights (key, job_id, expires_at, creating) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET job_id = excluded.job_id, expires_at = excluded.expires_at, creating = excluded.creating",
      key,
      jobId,
      expiresAt,
      creating ? 1 : 0,
    );
    await this.setTimer(`flight:${key}`, expiresAt);
  }

  /** Sets (or moves) a named timer; the alarm follows the earliest. */
  protected async setTimer(name: string, dueAt: number): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT INTO timers (name, due_at) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET due_at = excluded.due_at",
      name,
      dueAt,
    );
    await this.armAlarm();
  }

  protected async clearTimer(name: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM timers WHERE name = ?", name);
    await this.armAlarm();
  }

  private async armAlarm(): Promise<void> {
    const next = this.ctx.storage.sql
      .exec<{ due_at: number | null }>("SELECT MIN(due_at) AS due_at FROM timers")
      .one().due_at;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}
