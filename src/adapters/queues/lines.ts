import type { WorkStage } from "../../core/jobs/messages";
import type { StageLines } from "../../core/ports/stage-lines";

/** A stage queue that can report its backlog (a Queues producer binding can; a test's capturing queue may not). */
export interface MeasuredQueue {
  metrics?(): Promise<QueueMetrics>;
}

/** The stage queues' lines from their producer bindings' backlog metrics. */
export class QueueLines implements StageLines {
  constructor(private readonly queues: Record<WorkStage, MeasuredQueue>) {}

  async oldestWaiting(stage: WorkStage): Promise<number | undefined> {
    const queue = this.queues[stage];
    if (!queue.metrics) return undefined;
    const { backlogCount, oldestMessageTimestamp } = await queue.metrics();
    if (backlogCount === 0) return Number.POSITIVE_INFINITY;
    if (!backlogCount || oldestMessageTimestamp === undefined) return undefined;
    // Typed as a Date; a local queue has been seen to answer with milliseconds (0 when empty).
    const sent = new Date(oldestMessageTimestamp).getTime();
    return Number.isFinite(sent) && sent > 0 ? sent : undefined;
  }
}
