import { pipelinePorts } from "../composition/pipeline";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import type { QueueConsumer } from "./consumer";
import { consumeDeadLetters } from "./dead-letter";
import { consumeDeliver, consumeDeliverDeadLetter } from "./deliver";
import type { Stage } from "./messages";
import { researchConsumer } from "./research";
import { queueRole } from "./role";
import { writeConsumer } from "./write";

/** Stage consumers by the queue's role (see queueRole: the deployment's prefix and suffixes do not matter). */
const consumers: Record<Stage, { live: QueueConsumer; deadLetter: QueueConsumer }> = {
  research: { live: researchConsumer(pipelinePorts), deadLetter: consumeDeadLetters },
  write: { live: writeConsumer(pipelinePorts), deadLetter: consumeDeadLetters },
  deliver: { live: consumeDeliver, deadLetter: consumeDeliverDeadLetter },
};

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const role = queueRole(batch.queue);
  const consumer = role && consumers[role.stage][role.deadLetter ? "deadLetter" : "live"];
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
