import { emptyJob } from "../../core/jobs/state";
import type { EventStore } from "./events";
import { projectAppend } from "./projections";

const STREAMS_PER_BATCH = 50;

/**
 * Replays the whole log into fresh read tables (jobs, tenant analytics) with the same projection code the
 * appends use. Readers may see partly rebuilt tables while it runs; it is an operator's repair tool.
 */
export async function rebuildProjections(store: EventStore): Promise<{ streams: number; events: number }> {
  const { db } = store;
  await db.batch([db.prepare("DELETE FROM jobs"), db.prepare("DELETE FROM tenant_analytics")]);
  let streams = 0;
  let events = 0;
  let after = 0;
  for (;;) {
    const page = await store.streamIds(after, STREAMS_PER_BATCH);
    if (page.length === 0) break;
    const statements: D1PreparedStatement[] = [];
    for (const { streamId, seq } of page) {
      const log = await store.read(streamId);
      statements.push(...projectAppend(db, emptyJob(streamId), log).statements);
      streams++;
      events += log.length;
      after = seq;
    }
    if (statements.length) await db.batch(statements);
  }
  return { streams, events };
}
