import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { consumeDeliver, consumeDeliverDeadLetter } from "./deliver";

export type QueueConsumer = (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>;

/** Stage consumers by the queue's role; the queue name's `optiblog-` prefix and environment suffix are ignored. */
const consumers: Record<string, QueueConsumer> = {
  deliver: consumeDeliver,
  "deliver-dlq": consumeDeliverDeadLetter,
};

export function queueRole(queueName: string): string {
  return queueName.replace(/^optiblog-/, "");
}

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const consumer = consumers[queueRole(batch.queue)];
  if (!consumer) {
    // Nothing accepted is dropped: an unknown queue's messages go back to be retried (and dead-lettered).
    createLogger(loadConfig(env).LOG_LEVEL).error("no consumer for queue", {
      queue: batch.queue,
      size: batch.messages.length,
    });
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  await consumer(batch, env, ctx);
}
