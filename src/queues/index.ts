import { pipelinePorts } from "../composition/pipeline";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { consumeDeadLetters } from "./dead-letter";
import { consumeDeliver, consumeDeliverDeadLetter } from "./deliver";
import { researchConsumer } from "./research";
import { writeConsumer } from "./write";

export type QueueConsumer = (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>;

/** Stage consumers by the queue's role; the queue name's `optiblog-` prefix and environment suffix are ignored. */
const consumers: Record<string, QueueConsumer> = {
  research: researchConsumer(pipelinePorts),
  write: writeConsumer(pipelinePorts),
  "research-dlq": consumeDeadLetters,
  "write-dlq": consumeDeadLetters,
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
