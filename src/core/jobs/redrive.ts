import type { StagePlan } from "./stages";
import { failJob } from "./stages";
import { isTerminal, type JobState } from "./state";

/**
 * What the sweeper does with a job that made no progress for `stuckAfterMs`: send its stage's message again
 * (recorded as StageRedriven), or, after `maxRedrives`, fail it. Undefined when the job is not stuck.
 */
export function redrivePlan(
  state: JobState,
  now: number,
  stuckAfterMs: number,
  maxRedrives: number,
): StagePlan | undefined {
  if (!state.exists || isTerminal(state)) return undefined;
  if (now - Date.parse(state.stageEnteredAt) < stuckAfterMs) return undefined;
  const stage = state.status === "writing" ? "write" : "research";
  if (state.redrives >= maxRedrives) {
    return failJob(state, "stuck", `No progress in the ${stage} stage after ${maxRedrives} re-drives`, stage);
  }
  const attempt = stage === "write" ? state.drafts + 1 : state.run;
  return {
    events: [{ type: "StageRedriven", data: { stage, run: state.run, attempt } }],
    next: { stage, attempt },
  };
}
