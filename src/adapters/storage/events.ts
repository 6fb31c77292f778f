import { newId } from "../../core/ids";
import {
  type EventMeta,
  isEventType,
  type NewEvent,
  parseEventData,
  SCHEMA_VERSION,
  type StoredEvent,
  validateEvent,
} from "../../core/jobs/events";
import { type Clock, systemClock } from "../../core/ports/clock";
import { ConcurrencyError } from "../../core/ports/job-store";

interface EventRow {
  seq: number;
  id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: string;
  tenant_id: string;
  trace_id: string;
  causation_id: string | null;
  created_at: string;
}

const COLUMNS =
  "seq, id, stream_id, version, type, schema_version, data, tenant_id, trace_id, causation_id, created_at";

function toStored(row: EventRow): StoredEvent {
  if (!isEventType(row.type)) throw new Error(`unknown event type ${row.type} at ${row.stream_id}@${row.version}`);
  const event = parseEventData(row.type, row.schema_version, JSON.parse(row.data));
  return {
    ...event,
    id: row.id,
    streamId: row.stream_id,
    version: row.version,
    schemaVersion: row.schema_version,
    meta: {
      tenantId: row.tenant_id,
      traceId: row.trace_id,
      ...(row.causation_id ? { causationId: row.causation_id } : {}),
    },
    time: row.created_at,
  } as StoredEvent;
}

/**
 * The append-only log in D1. An append writes versions expectedVersion+1.. and the unique
 * `(stream_id, version)` index rejects it if anyone got there first: a conflict is detected, never overwritten.
 */
export class EventStore {
  constructor(
    readonly db: D1Database,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Appends events and runs `extra` statements (projections, outbox rows) in the same D1 batch. */
  async append(
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    meta: EventMeta,
    extra: D1PreparedStatement[] | ((appended: StoredEvent[]) => D1PreparedStatement[]) = [],
  ): Promise<StoredEvent[]> {
    const time = new Date(this.clock.now()).toISOString();
    const stored: StoredEvent[] = events.map((event, index) => ({
      ...validateEvent(event),
      id: newId("evt"),
      streamId,
      version: expectedVersion + index + 1,
      schemaVersion: SCHEMA_VERSION,
      meta,
      time,
    }));
    const inserts = stored.map((event) =>
      this.db
        .prepare(
          "INSERT INTO events (id, stream_id, version, type, schema_version, data, tenant_id, trace_id, causation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(
          event.id,
          streamId,
          event.version,
          event.type,
          event.schemaVersion,
          JSON.stringify(event.data),
          meta.tenantId,
          meta.traceId,
          meta.causationId ?? null,
          time,
        ),
    );
    try {
      await this.db.batch([...inserts, ...(typeof extra === "function" ? extra(stored) : extra)]);
    } catch (error) {
      if (isVersionConflict(error)) throw new ConcurrencyError(streamId, expectedVersion);
      throw error;
    }
    return stored;
  }

  async read(streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    const { results } = await this.db
      .prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND version > ? ORDER BY version`)
      .bind(streamId, afterVersion)
      .all<EventRow>();
    return results.map(toStored);
  }

  /** The log's high-water mark: the last event's sequence number (0 when empty). */
  async lastSeq(): Promise<number> {
    const row = await this.db.prepare("SELECT MAX(seq) AS seq FROM events").first<{ seq: number | null }>();
    return row?.seq ?? 0;
  }

  /** A page of the log in (afterSeq, upToSeq], in append order: each event's sequence number and stream. */
  async page(afterSeq: number, upToSeq: number, limit: number): Promise<{ seq: number; streamId: string }[]> {
    const { results } = await this.db
      .prepare("SELECT seq, stream_id FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")
      .bind(afterSeq, upToSeq, limit)
      .all<{ seq: number; stream_id: string }>();
    return results.map((row) => ({ seq: row.seq, streamId: row.stream_id }));
  }

  /** The streams' events up to a sequence number, each with its sequence number, in version order per stream. */
  async readThrough(streamIds: string[], upToSeq: number): Promise<{ seq: number; event: StoredEvent }[]> {
    if (streamIds.length === 0) return [];
    const { results } = await this.db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream_id IN (${streamIds.map(() => "?").join(", ")}) AND seq <= ? ORDER BY stream_id, version`,
      )
      .bind(...streamIds, upToSeq)
      .all<EventRow>();
    return results.map((row) => ({ seq: row.seq, event: toStored(row) }));
  }
}

function isVersionConflict(error: unknown): boolean {
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return /UNIQUE constraint failed: events\.stream_id|version gap/i.test(message);
}
