import type { WorkStage } from "../jobs/messages";

/** The stage queues as the sweep sees them: how far each has got through the messages sent to it. */
export interface StageLines {
  /**
   * When the oldest message still waiting in the stage's queue was sent (ms since the epoch): Infinity when none
   * waits, undefined when the queue cannot tell.
   */
  oldestWaiting(stage: WorkStage): Promise<number | undefined>;
}
