import type { EventMeta, NewEvent, StoredEvent } from "../../core/jobs/events";
import { foldJob } from "../../core/jobs/reducer";
import type { JobState } from "../../core/jobs/state";
import type { StageMessage } from "../../queues/messages";
import { ConcurrencyError, type EventStore } from "./events";
import type { Outbox, OutboxRow } from "./outbox";
import { projectAppend } from "./projections";

/** What a command decides: events to append, messages to send after the commit, other rows for the same batch. */
export interface CommitPlan {
  events: NewEvent[];
  messages?: { body: StageMessage; delaySeconds?: number }[];
  extra?: D1PreparedStatement[];
}

export interface Committed {
  state: JobState;
  appended: StoredEvent[];
  outbox: OutboxRow[];
}

/** The command side of a job: read the stream, append with the read version, project and queue in one batch. */
export class JobRepository {
  constructor(
    readonly store: EventStore,
    readonly outbox: Outbox,
  ) {}

  async load(jobId: string): Promise<JobState> {
    return foldJob(jobId, await this.store.read(jobId));
  }

  /** Appends against `before.version`; throws ConcurrencyError if the stream moved. Sends the outbox rows after. */
  async commit(before: JobState, plan: CommitPlan, meta: EventMeta): Promise<Committed> {
    if (plan.events.length === 0) return { state: before, appended: [], outbox: [] };
    const rows = (plan.messages ?? []).map((message) => this.outbox.row(message.body, message.delaySeconds));
    let state = before;
    const appended = await this.store.append(before.id, before.version, plan.events, meta, (stored) => {
      const projected = projectAppend(this.store.db, before, stored);
      state = projected.state;
      return [...(plan.extra ?? []), ...projected.statements, ...rows.map((row) => this.outbox.insert(row))];
    });
    await this.outbox.send(rows);
    return { state, appended, outbox: rows };
  }

  /** Decide-and-commit, re-reading on a conflict; `decide` returning no events means nothing is to be done. */
  async update(
    jobId: string,
    decide: (state: JobState) => CommitPlan,
    meta: (state: JobState) => EventMeta,
    tries = 5,
  ): Promise<Committed> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.load(jobId);
      try {
        return await this.commit(state, decide(state), meta(state));
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= tries) throw error;
      }
    }
  }
}

export { ConcurrencyError };
