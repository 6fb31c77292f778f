import { inMessageSpan } from "../adapters/telemetry/spans";
import { jobServices } from "../composition/jobs";
import { deliverPorts } from "../composition/webhooks";
import { mapWithConcurrency } from "../core/concurrency";
import { retryDelaySeconds } from "../core/webhooks/backoff";
import { abandonJobWebhooks, type DeliverPorts, deliverJobWebhooks } from "../core/webhooks/deliver";
import { type QueueConsumer, sendBack } from "./consumer";
import { type StageMessage, StageMessageSchema } from "./messages";

function portsFor(env: Env, queue: string): DeliverPorts & { concurrency: number } {
  const jobs = jobServices(env);
  return { ...deliverPorts(env, jobs), log: jobs.log.with({ queue }), concurrency: jobs.config.STAGE_CONCURRENCY };
}

/** Runs `work` on each well-formed deliver message of the batch, at most `concurrency` at a time. */
async function eachDeliverMessage(
  batch: MessageBatch<unknown>,
  deps: DeliverPorts & { concurrency: number },
  work: (message: Message<unknown>, body: StageMessage) => Promise<void>,
): Promise<void> {
  await mapWithConcurrency(batch.messages, deps.concurrency, async (message) => {
    const parsed = StageMessageSchema.safeParse(message.body);
    if (!parsed.success || parsed.data.stage !== "deliver") {
      deps.log.error("deliver: malformed message dropped", { messageId: message.id });
      message.ack();
      return;
    }
    try {
      await work(message, parsed.data);
    } catch (error) {
      deps.log.error("deliver: message failed; retrying", {
        jobId: parsed.data.jobId,
        error: error instanceof Error ? error.message : String(error),
      });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  });
}

/**
 * The `deliver` stage: each message names a job and the run that ended; that run's webhooks are planned and tried. While
 * any of them is still pending, a fresh message comes back when the first is due. Waiting is not failing: the
 * deliveries count their own tries (`WEBHOOK_MAX_ATTEMPTS`), so a retry of the message would spend the queue's
 * retries on waits, and two endpoints failing on their own schedules, or more tries than the queue's retries, had
 * the message dead-lettered and the deliveries given up before their tries were spent. Only a message that throws
 * is retried (and dead-lettered in the end).
 */
export const consumeDeliver: QueueConsumer = async (batch, env, ctx) => {
  const deps = portsFor(env, batch.queue);
  await eachDeliverMessage(batch, deps, async (message, body) => {
    const { pending, retryInSeconds } = await inMessageSpan(
      "deliver stage",
      body,
      { "job.id": body.jobId, "job.stage": "deliver", "messaging.message.id": message.id },
      () => deliverJobWebhooks(body.jobId, body.attempt, deps),
      ctx,
    );
    if (pending === 0) {
      message.ack();
      return;
    }
    // Back when the first of its pending deliveries is due, not before: an early message would only wait again.
    const send = (delaySeconds: number) => env.DELIVER_QUEUE.send(body, { delaySeconds });
    await sendBack(message, send, retryInSeconds, deps.log.with({ jobId: body.jobId }));
  });
};

/** The deliver stage's dead-letter queue: deliveries the stage could not finish are marked failed. */
export const consumeDeliverDeadLetter: QueueConsumer = async (batch, env) => {
  const deps = portsFor(env, batch.queue);
  await eachDeliverMessage(batch, deps, async (message, body) => {
    const reason = "the deliver stage gave up (dead-lettered)";
    const abandoned = await abandonJobWebhooks(body.jobId, body.attempt, reason, deps);
    deps.log.warn("deliver: dead-lettered message; the run's pending deliveries failed", {
      jobId: body.jobId,
      run: body.attempt,
      abandoned,
    });
    message.ack();
  });
};
