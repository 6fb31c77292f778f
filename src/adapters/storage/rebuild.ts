import { RebuildSuperseded } from "../../core/errors";
import type { StoredEvent } from "../../core/jobs/events";
import { foldJob } from "../../core/jobs/reducer";
import type { EventStore } from "./events";
import { JOB_COLUMN_NAMES, LIVE, projectAppend, type ReadTables, SHADOW } from "./projections";

const EVENTS_PER_PAGE = 200;
/** D1 binds at most 100 parameters a statement. */
const STREAMS_PER_READ = 90;
/** Catch-up rounds before the swap; what arrives after the last one is projected right after the swap. */
const CATCH_UP_ROUNDS = 5;
/**
 * Tries at a swap that commits only if nothing was appended since the last catch-up (then the read tables hold
 * the whole log at once); under writes that never pause, the last try swaps regardless and adds what came after.
 */
const SWAP_TRIES = 5;

const ANALYTICS_COLUMNS =
  "tenant_id, jobs, completions, failures, scored, seo_sum, quality_sum, views, ratings, rating_sum";

export interface RebuildOptions {
  pageSize?: number;
  /**
   * Renews the rebuild's claim on the shadow tables; false when another rebuild holds it now. Asked after each page
   * replayed and before the swap, so a rebuild whose claim lapsed never swaps in tables another one is filling.
   */
  keepClaim?: () => Promise<boolean>;
}

export interface RebuildResult {
  streams: number;
  events: number;
  /** The log's high-water mark when the shadow tables were swapped in. */
  mark: number;
}

/**
 * Rebuilds the read tables (jobs, tenant analytics) from the log while they keep serving: the log is replayed
 * into shadow tables up to a high-water mark, page by page, with the projection code the appends use; what was
 * appended meanwhile is caught up; then one batch swaps the shadows in. Rows of streams that moved past the
 * mark are kept from the live table (appends project whole rows). The swap commits only if nothing was appended
 * since the last catch-up, so the tables swapped in hold the whole log and a worker that dies after it loses
 * nothing; a swap refused for that catches up and tries again, and only under writes that never pause does the
 * last try swap regardless and add the analytics of what came after. View counters are not in the log: they
 * carry over. One rebuild at a time (it owns the shadow tables, and gives up when its claim on them lapses).
 */
export async function rebuildProjections(store: EventStore, options: RebuildOptions = {}): Promise<RebuildResult> {
  const { db } = store;
  const pageSize = options.pageSize ?? EVENTS_PER_PAGE;
  const keepClaim = async () => {
    if (options.keepClaim && !(await options.keepClaim())) throw new RebuildSuperseded();
  };
  await keepClaim();
  await db.batch([db.prepare("DELETE FROM jobs_rebuild"), db.prepare("DELETE FROM tenant_analytics_rebuild")]);
  const streams = new Set<string>();
  let mark = 0;
  let events = 0;
  const catchUp = async (rounds: number) => {
    for (let round = 0; round < rounds; round++) {
      const target = await store.lastSeq();
      if (target === mark) break;
      events += await project(store, mark, target, SHADOW, pageSize, streams, keepClaim);
      mark = target;
    }
  };
  await catchUp(CATCH_UP_ROUNDS);
  for (let tried = 1; tried < SWAP_TRIES; tried++) {
    await keepClaim();
    if (await swap(db, mark, true)) return { streams: streams.size, events, mark };
    await catchUp(1);
  }
  await keepClaim();
  const swappedAt = (await swap(db, mark, false)) as number;
  if (swappedAt > mark) events += await project(store, mark, swappedAt, LIVE, pageSize, streams);
  return { streams: streams.size, events, mark: swappedAt };
}

/** Projects the events in (after, upTo] into `tables`, a page at a time; returns how many there were. */
async function project(
  store: EventStore,
  after: number,
  upTo: number,
  tables: ReadTables,
  pageSize: number,
  streams: Set<string>,
  afterPage?: () => Promise<void>,
): Promise<number> {
  let from = after;
  let count = 0;
  for (;;) {
    const page = await store.page(from, upTo, pageSize);
    const last = page.at(-1);
    if (!last) return count;
    const ids = [...new Set(page.map((entry) => entry.streamId))];
    const statements: D1PreparedStatement[] = [];
    for (let i = 0; i < ids.length; i += STREAMS_PER_READ) {
      const logs = new Map<string, { seq: number; event: StoredEvent }[]>();
      for (const entry of await store.readThrough(ids.slice(i, i + STREAMS_PER_READ), last.seq)) {
        logs.set(entry.event.streamId, [...(logs.get(entry.event.streamId) ?? []), entry]);
      }
      for (const [streamId, log] of logs) {
        const before = foldJob(
          streamId,
          log.filter((entry) => entry.seq <= from).map((entry) => entry.event),
        );
        const fresh = log.filter((entry) => entry.seq > from).map((entry) => entry.event);
        statements.push(...projectAppend(store.db, before, fresh, tables).statements);
        streams.add(streamId);
      }
    }
    if (statements.length) await store.db.batch(statements);
    count += page.length;
    from = last.seq;
    await afterPage?.();
  }
}

/** How a guarded swap's batch is refused: its first statement breaks a NOT NULL constraint, rolling it all back. */
const MOVED_ON = /NOT NULL constraint failed: jobs_rebuild\.id/i;

/**
 * Swaps the shadow tables in, in one transaction; returns the log's high-water mark at that moment. `guarded`, it
 * commits only if the log is still at `mark` (the statement that checks fails the batch otherwise, and `false` is
 * returned): nothing appended since needs adding after the swap.
 */
async function swap(db: D1Database, mark: number, guarded: boolean): Promise<number | false> {
  const columns = JOB_COLUMN_NAMES.join(", ");
  const updates = JOB_COLUMN_NAMES.filter((name) => name !== "id")
    .map((name) => `${name} = excluded.${name}`)
    .join(", ");
  const check = db
    .prepare("INSERT INTO jobs_rebuild (id) SELECT NULL WHERE (SELECT COALESCE(MAX(seq), 0) FROM events) > ?")
    .bind(mark);
  const statements = [
    db.prepare("SELECT MAX(seq) AS seq FROM events"),
    // A job appended to after the mark has its whole row, newer than the replay's, in the live table.
    db
      .prepare(
        `INSERT INTO jobs_rebuild (${columns}) SELECT ${columns} FROM jobs WHERE EXISTS (SELECT 1 FROM events WHERE events.stream_id = jobs.id AND events.seq > ?) ON CONFLICT(id) DO UPDATE SET ${updates} WHERE excluded.version > jobs_rebuild.version`,
      )
      .bind(mark),
    db.prepare("UPDATE jobs_rebuild SET views = COALESCE((SELECT views FROM jobs WHERE jobs.id = jobs_rebuild.id), 0)"),
    db.prepare("DELETE FROM jobs"),
    db.prepare(`INSERT INTO jobs (${columns}, views) SELECT ${columns}, views FROM jobs_rebuild`),
    db.prepare("DELETE FROM tenant_analytics"),
    db.prepare(
      `INSERT INTO tenant_analytics (${ANALYTICS_COLUMNS}) SELECT ${ANALYTICS_COLUMNS} FROM tenant_analytics_rebuild`,
    ),
    db.prepare(
      "UPDATE tenant_analytics SET views = (SELECT COALESCE(SUM(views), 0) FROM jobs WHERE jobs.tenant_id = tenant_analytics.tenant_id)",
    ),
    db.prepare("DELETE FROM jobs_rebuild"),
    db.prepare("DELETE FROM tenant_analytics_rebuild"),
  ];
  let results: D1Result<{ seq: number | null }>[];
  try {
    results = await db.batch<{ seq: number | null }>(guarded ? [check, ...statements] : statements);
  } catch (error) {
    if (!guarded) throw error;
    if (MOVED_ON.test(`${error instanceof Error ? error.message : ""} ${String((error as Error)?.cause ?? "")}`))
      return false;
    // Whatever the database calls the refusal: a log that moved past the mark is what the guard refuses.
    const now = await db.prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM events").first<{ seq: number }>();
    if ((now?.seq ?? 0) > mark) return false;
    throw error;
  }
  const seen = results[guarded ? 1 : 0];
  return seen?.results[0]?.seq ?? mark;
}
