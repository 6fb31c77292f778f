import type { EventMeta, NewEvent, StoredEvent } from "../jobs/events";
import type { StageMessage } from "../jobs/messages";
import type { JobState } from "../jobs/state";

/** The first answer to an `Idempotency-Key`, recorded with the job it created. */
export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  response: unknown;
}

/**
 * What a command decided: events to append, queue messages to send once they are committed, and what else
 * commits with them. `Extra` is an adapter's own statement type; core plans never carry one.
 */
export interface CommitPlan<Extra = never> {
  events: NewEvent[];
  messages?: { body: StageMessage; delaySeconds?: number }[];
  idempotency?: IdempotencyRecord;
  extra?: Extra[];
}

export interface Committed {
  state: JobState;
  appended: StoredEvent[];
}

/** Someone else appended to the stream since it was read: re-read, decide again. */
export class ConcurrencyError extends Error {
  override readonly name = "ConcurrencyError";
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} moved past version ${expectedVersion}`);
  }
}

/** Another request recorded the same `Idempotency-Key` first. */
export class IdempotencyKeyTaken extends Error {
  override readonly name = "IdempotencyKeyTaken";
}

/**
 * The job's event stream: load folds it, commit appends against `before.version` (ConcurrencyError if the
 * stream moved) with the read model, the outbox rows and the idempotency record in the same transaction, then
 * sends the messages.
 */
export interface JobStore<Extra = never> {
  load(jobId: string): Promise<JobState>;
  commit(before: JobState, plan: CommitPlan<Extra>, meta: EventMeta): Promise<Committed>;
}

/** Decide-and-commit, re-reading on a conflict; a plan with no events means nothing is to be done. */
export async function updateJob<Extra>(
  store: JobStore<Extra>,
  jobId: string,
  decide: (state: JobState) => CommitPlan<Extra>,
  meta: (state: JobState) => EventMeta,
  tries = 5,
): Promise<Committed> {
  for (let attempt = 1; ; attempt++) {
    const state = await store.load(jobId);
    try {
      return await store.commit(state, decide(state), meta(state));
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= tries) throw error;
    }
  }
}
