import { z } from "zod";

/** What a stage queue carries: which job, which stage, which attempt, and the trace. Nothing else. */
export const StageSchema = z.enum(["research", "write", "deliver"]);
export type Stage = z.infer<typeof StageSchema>;
/** The stages that work on a job's article (deliver only tells the caller). */
export type WorkStage = Exclude<Stage, "deliver">;

export const StageMessageSchema = z.object({
  jobId: z.string().min(1).max(64),
  stage: StageSchema,
  /** research: the run (1, then +1 per regeneration); write: the draft number across runs; deliver: the run. */
  attempt: z.number().int().positive(),
  /**
   * write: the run the draft is for, since the draft number alone does not tell a regenerated run's first draft from
   * an earlier run's last one. A write message sent before it was carried has none and is taken for the current run.
   */
  run: z.number().int().positive().optional(),
  traceId: z.string().min(1).max(64),
  /** W3C `traceparent` of the span that sent it, when traces are exported: the next stage's parent. */
  traceparent: z
    .string()
    .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional(),
});

export type StageMessage = z.infer<typeof StageMessageSchema>;
