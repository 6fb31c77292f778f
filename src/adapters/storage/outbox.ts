import { newId } from "../../core/ids";
import { type Stage, type StageMessage, StageMessageSchema } from "../../core/jobs/messages";
import { type Clock, systemClock } from "../../core/ports/clock";
import type { Log } from "../../core/ports/log";
import { traceparentFor } from "../telemetry/spans";

/** How many pages of unsent rows one sweep reads at most, to reach readable rows behind unreadable ones. */
const UNREADABLE_PAGES = 10;

export interface OutboxRow {
  id: string;
  queue: Stage;
  body: StageMessage;
  delaySeconds: number;
  createdAt: number;
}

export type StageQueues = Record<
  Stage,
  { send(body: StageMessage, options?: QueueSendOptions): Promise<unknown>; metrics?(): Promise<QueueMetrics> }
>;

/**
 * Queue messages that commit with their events: `insert` goes into the append's batch, `send` follows the
 * commit, and `resendUnsent` (the sweeper) picks up whatever a failed send left behind.
 */
export class Outbox {
  constructor(
    private readonly db: D1Database,
    private readonly queues: StageQueues,
    private readonly log: Log,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The row for a message; with traces exported, the sending span's `traceparent` rides along. */
  row(body: StageMessage, delaySeconds = 0): OutboxRow {
    const traceparent = body.traceparent ?? traceparentFor(body.traceId);
    return {
      id: newId("obx"),
      queue: body.stage,
      body: traceparent ? { ...body, traceparent } : body,
      delaySeconds,
      createdAt: this.clock.now(),
    };
  }

  insert(row: OutboxRow): D1PreparedStatement {
    return this.db
      .prepare("INSERT INTO outbox (id, queue, body, delay_seconds, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(row.id, row.queue, JSON.stringify(row.body), row.delaySeconds, row.createdAt);
  }

  /** Sends each row and marks it sent; a failed send is logged and left for the sweeper. Returns how many went. */
  async send(rows: OutboxRow[]): Promise<number> {
    let sent = 0;
    for (const row of rows) {
      try {
        await this.queues[row.queue].send(row.body, row.delaySeconds ? { delaySeconds: row.delaySeconds } : {});
        await this.db
          .prepare("UPDATE outbox SET sent_at = ?, sends = sends + 1 WHERE id = ?")
          .bind(this.clock.now(), row.id)
          .run();
        sent++;
      } catch (error) {
        this.log.warn("outbox send failed; the sweeper will retry", {
          outboxId: row.id,
          jobId: row.body.jobId,
          traceId: row.body.traceId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return sent;
  }

  /**
   * Up to `limit` readable unsent rows older than `olderThanMs`, oldest first. A row this version cannot read (a body
   * written in another shape, or no JSON) is left where it is, unsent and counted as such, and named in the log:
   * thrown, it stopped every sweep (the oldest row, met first each time) before any other row was re-sent or any
   * stuck job re-driven. The scan pages past such rows by (created_at, id), up to `UNREADABLE_PAGES` pages of
   * `limit`: read as one page of `limit`, a hundred unreadable rows kept every readable row behind them unsent.
   */
  async unsent(olderThanMs: number, limit = 100): Promise<OutboxRow[]> {
    const before = this.clock.now() - olderThanMs;
    const rows: OutboxRow[] = [];
    // Keyset: rows after the last one read; the first page starts before every row (created_at is never negative).
    let after = { createdAt: -1, id: "" };
    for (let page = 0; page < UNREADABLE_PAGES && rows.length < limit; page++) {
      const { results } = await this.db
        .prepare(
          "SELECT id, queue, body, delay_seconds, created_at FROM outbox WHERE sent_at IS NULL AND created_at <= ? AND (created_at > ? OR (created_at = ? AND id > ?)) ORDER BY created_at, id LIMIT ?",
        )
        .bind(before, after.createdAt, after.createdAt, after.id, limit)
        .all<{ id: string; queue: Stage; body: string; delay_seconds: number; created_at: number }>();
      for (const row of results) {
        if (rows.length === limit) break;
        const body = StageMessageSchema.safeParse(parsedJson(row.body));
        if (!body.success || body.data.stage !== row.queue) {
          this.log.error("an unsent outbox row cannot be read; it is left unsent", {
            outboxId: row.id,
            queue: row.queue,
          });
          continue;
        }
        rows.push({
          id: row.id,
          queue: body.data.stage,
          body: body.data,
          delaySeconds: row.delay_seconds,
          createdAt: row.created_at,
        });
      }
      const last = results.at(-1);
      if (!last || results.length < limit) break;
      after = { createdAt: last.created_at, id: last.id };
    }
    return rows;
  }

  async resendUnsent(olderThanMs: number, limit = 100): Promise<number> {
    return this.send(await this.unsent(olderThanMs, limit));
  }
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
