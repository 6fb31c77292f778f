import type { Stage } from "../core/jobs/messages";

export { type Stage, type StageMessage, StageMessageSchema, StageSchema } from "../core/jobs/messages";

/** The queue binding each stage's messages go to. */
export const QUEUE_BINDING = {
  research: "RESEARCH_QUEUE",
  write: "WRITE_QUEUE",
  deliver: "DELIVER_QUEUE",
} as const satisfies Record<Stage, keyof Env>;
