import type { StoredEvent } from "../jobs/events";
import { applyEvent } from "../jobs/reducer";
import { emptyJob, isTerminal, type JobState, type RequestedJob } from "../jobs/state";

/**
 * The job as it stood when run `run` ended (ArticleCompleted or ArticleFailed), whatever happened after: a
 * regeneration may already have started the next run. Undefined when that run has not ended.
 */
export function runOutcome(jobId: string, events: readonly StoredEvent[], run: number): RequestedJob | undefined {
  let state: JobState = emptyJob(jobId);
  for (const event of events) {
    state = applyEvent(state, event);
    if (state.exists && state.run === run && isTerminal(state)) return state;
    if (state.run > run) return undefined;
  }
  return undefined;
}
