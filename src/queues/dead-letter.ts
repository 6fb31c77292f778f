import { jobServices } from "../composition/jobs";
import { failIfRunning, type StageRun } from "../core/app/stages";
import { StageMessageSchema } from "../core/jobs/messages";
import type { QueueConsumer } from "./consumer";

/** A dead-letter queue's consumer: a job whose message gave up ends with ArticleFailed "dead_lettered". */
export const consumeDeadLetters: QueueConsumer = async (batch, env) => {
  const services = jobServices(env);
  for (const msg of batch.messages) {
    const parsed = StageMessageSchema.safeParse(msg.body);
    if (!parsed.success) {
      services.log.error("dropping a malformed dead letter", { queue: batch.queue, messageId: msg.id });
      msg.ack();
      continue;
    }
    const message = parsed.data;
    const log = services.log.with({ jobId: message.jobId, traceId: message.traceId, queue: batch.queue });
    const run: StageRun = { message, causationId: msg.id, log };
    const stage = message.stage === "research" ? "research" : "write";
    try {
      await failIfRunning(
        services,
        run,
        "dead_lettered",
        `The ${message.stage} message was dead-lettered after its retries`,
        stage,
      );
      msg.ack();
    } catch (error) {
      log.error("could not record a dead letter; retrying", { error: String(error) });
      msg.retry({ delaySeconds: 30 });
    }
  }
};
