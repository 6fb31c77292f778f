import type { WorkStage } from "./messages";
import type { StagePlan } from "./stages";
import { failJob } from "./stages";
import { isTerminal, type JobState } from "./state";

/**
 * How long after its stage clock moved a job's message may reach its queue: the commit comes first, the send
 * follows. A job whose clock moved this little before the oldest message still waiting may be that message.
 */
export const SEND_AFTER_COMMIT_MS = 5000;

/** How many re-drives of a message lost from its queue's line weigh as much as one re-drive against the limit. */
export const LINE_LOSSES_PER_REDRIVE = 3;

/**
 * What the sweeper does with a job that made no progress for `stuckAfterMs`: send its stage's message again
 * (recorded as StageRedriven), or, after `maxRedrives`, fail it. Undefined when the job is not stuck.
 *
 * `queue.oldestWaiting` is when the oldest message still waiting in the job's stage queue was sent, if the queue
 * can tell (Infinity when none waits); `queue.beatAt` is the job's last stage heartbeat (a consumer held its
 * message then, or sent it back to be in line again by then), `queue.held` whether the consumer still held it.
 * A job whose clock or beat is at or after the oldest waiting message may still have its message in that line:
 * it is not lost, only behind others, and a copy would wait behind it. A job whose message the line has passed
 * is re-driven, as a lost message is.
 *
 * A re-drive counts against `maxRedrives` unless the message was lost from the line (the queue could tell, and no
 * consumer still held the message at its last beat since the last re-drive): a message that keeps killing its
 * worker still ends the job, while a job whose message the queue loses again and again (local queues lose what
 * they hold in a crash) is ended only after LINE_LOSSES_PER_REDRIVE times as many of those.
 */
export function redrivePlan(
  state: JobState,
  now: number,
  stuckAfterMs: number,
  maxRedrives: number,
  queue: { oldestWaiting?: Partial<Record<WorkStage, number>>; beatAt?: number; held?: boolean } = {},
): StagePlan | undefined {
  if (!state.exists || isTerminal(state)) return undefined;
  const clock = Date.parse(state.stageEnteredAt);
  if (now - clock < stuckAfterMs) return undefined;
  const stage = workStageOf(state);
  const line = queue.oldestWaiting?.[stage];
  const inLineFrom = Math.max(clock, queue.beatAt ?? clock);
  if (line !== undefined && inLineFrom + SEND_AFTER_COMMIT_MS >= line) return undefined;
  if (state.redrives >= maxRedrives || state.redrivesInLine >= maxRedrives * LINE_LOSSES_PER_REDRIVE) {
    const times = state.redrives + state.redrivesInLine;
    return failJob(state, "stuck", `No progress in the ${stage} stage after ${times} re-drives`, stage);
  }
  const redrivenAt = state.redrivenAt ? Date.parse(state.redrivenAt) : 0;
  const heldWhenLost = queue.held === true && (queue.beatAt ?? 0) >= redrivenAt;
  const lostInLine = line !== undefined && !heldWhenLost;
  const attempt = stage === "write" ? state.drafts + 1 : state.run;
  return {
    events: [
      { type: "StageRedriven", data: { stage, run: state.run, attempt, ...(lostInLine ? { lostInLine } : {}) } },
    ],
    next: { stage, attempt, ...(stage === "write" ? { run: state.run } : {}) },
  };
}

/**
 * Whether a stage whose message was just sent again to wait `waitSeconds` for provider capacity records the
 * wait (StageWaiting), so the sweeper does not take a job waiting in line for a stuck one and re-drive it. It is
 * recorded only once half of `stuckAfterMs` has gone by since the job's clock last moved, so a job waiting
 * many short times adds one event per half period, not one per wait.
 */
export function waitingPlan(
  state: JobState,
  stage: WorkStage,
  waitSeconds: number,
  now: number,
  stuckAfterMs: number,
): StagePlan | undefined {
  if (!state.exists || isTerminal(state)) return undefined;
  if (workStageOf(state) !== stage) return undefined;
  if (now - Date.parse(state.stageEnteredAt) < stuckAfterMs / 2) return undefined;
  return {
    events: [
      {
        type: "StageWaiting",
        data: { stage, run: state.run, reason: "provider_capacity", waitSeconds: Math.max(0, Math.ceil(waitSeconds)) },
      },
    ],
  };
}

/**
 * How long a job whose stage asks to wait for provider capacity again has waited since its last progress, once
 * that reaches `maxWaitMs`: the stage fails instead of being sent back once more, as a provider that never has room
 * would keep the job waiting for ever. Undefined while it may wait on.
 */
export function waitedTooLong(state: JobState, now: number, maxWaitMs: number): number | undefined {
  if (!state.exists || isTerminal(state) || !state.waitingSince) return undefined;
  const waited = now - Date.parse(state.waitingSince);
  return waited >= maxWaitMs ? waited : undefined;
}

/** The stage a working job is in: writing while it writes, research before (queued or researching). */
function workStageOf(state: JobState): WorkStage {
  return state.status === "writing" ? "write" : "research";
}
