import type { StagePlan } from "./stages";
import { isTerminal, type JobState } from "./state";

/** A command the job's state refuses, with the reason the caller sees. */
export interface Refusal {
  refused: string;
}

/** Runs the pipeline again for a finished job, from research or from writing (reusing the research). */
export function regeneratePlan(state: JobState, from: "research" | "write"): StagePlan | Refusal {
  if (!isTerminal(state)) return { refused: "The job is still running; regenerate it once it has finished" };
  if (from === "write" && !state.research) {
    return { refused: "The job has no research to write from; regenerate it from research" };
  }
  const run = state.run + 1;
  return {
    events: [{ type: "RegenerationRequested", data: { from, run } }],
    next:
      from === "research" ? { stage: "research", attempt: run } : { stage: "write", attempt: state.drafts + 1, run },
  };
}

export function feedbackPlan(state: JobState, rating: number, comment?: string): StagePlan | Refusal {
  if (state.status !== "completed") return { refused: "Only a completed article can be rated" };
  return { events: [{ type: "FeedbackGiven", data: { rating, ...(comment ? { comment } : {}) } }] };
}

export function isRefusal(value: StagePlan | Refusal): value is Refusal {
  return "refused" in value;
}
