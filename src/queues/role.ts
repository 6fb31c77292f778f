import { type Stage, StageSchema } from "../core/jobs/messages";

/** What a queue does: carry one stage's messages, or hold the ones that stage gave up on. */
export interface QueueRole {
  stage: Stage;
  deadLetter: boolean;
}

/**
 * Reads a queue's role from its name, whatever the deployment adds around it: `optiblog-research`,
 * `optiblog-research-staging`, `optiblog-staging-research-dlq` and `research_dlq` are all research queues.
 * The first stage name among the name's `-`/`_`-separated parts decides the stage; a `dlq` part makes it the
 * dead-letter queue. A name with no stage in it has no role.
 */
export function queueRole(queueName: string): QueueRole | undefined {
  const parts = queueName.toLowerCase().split(/[-_.]+/);
  const stage = parts.map((part) => StageSchema.safeParse(part)).find((parsed) => parsed.success)?.data;
  return stage ? { stage, deadLetter: parts.includes("dlq") } : undefined;
}
