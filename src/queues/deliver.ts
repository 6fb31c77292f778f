import { createDb } from "../adapters/storage/db";
import { TenantWebhooks } from "../adapters/storage/webhooks";
import { TenantDeliveries } from "../adapters/storage/webhooks-deliveries";
import { abandonJobWebhooks, type DispatchDeps, dispatchJobWebhooks } from "../adapters/webhooks/dispatch";
import { SecretBox } from "../adapters/webhooks/secret-box";
import { webhookSettings } from "../adapters/webhooks/settings";
import { jobServices } from "../composition/jobs";
import { mapWithConcurrency } from "../core/concurrency";
import { retryDelaySeconds } from "../core/webhooks/backoff";
import type { QueueConsumer } from "./index";
import { type StageMessage, StageMessageSchema } from "./messages";

function dispatchDeps(env: Env, queue: string): DispatchDeps & { concurrency: number } {
  const jobs = jobServices(env);
  const settings = webhookSettings(env);
  const db = createDb(env.DB);
  const box = new SecretBox(settings.secretKey);
  return {
    jobs,
    webhooks: (tenantId) => new TenantWebhooks(db, tenantId, box),
    deliveries: (tenantId) => new TenantDeliveries(db, tenantId),
    sender: {
      // Looked up per call, so a test's stubbed fetch is the one used.
      fetch: (input, init) => globalThis.fetch(input, init),
      allowHosts: settings.allowHosts,
      timeoutMs: settings.timeoutMs,
      now: () => new Date(jobs.clock.now()),
    },
    maxAttempts: settings.maxAttempts,
    log: jobs.log.with({ queue }),
    concurrency: jobs.config.STAGE_CONCURRENCY,
  };
}

/** Runs `work` on each well-formed deliver message of the batch, at most `concurrency` at a time. */
async function eachDeliverMessage(
  batch: MessageBatch<unknown>,
  deps: DispatchDeps & { concurrency: number },
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
 * The `deliver` stage: each message names a finished job; its webhooks are planned and tried. A message stays
 * in the queue (retried with a growing delay) while any of its job's deliveries is still pending.
 */
export const consumeDeliver: QueueConsumer = async (batch, env) => {
  const deps = dispatchDeps(env, batch.queue);
  await eachDeliverMessage(batch, deps, async (message, body) => {
    const retryInSeconds = retryDelaySeconds(message.attempts);
    const { pending } = await dispatchJobWebhooks(body.jobId, retryInSeconds, deps);
    if (pending > 0) message.retry({ delaySeconds: retryInSeconds });
    else message.ack();
  });
};

/** The deliver stage's dead-letter queue: deliveries the stage could not finish are marked failed. */
export const consumeDeliverDeadLetter: QueueConsumer = async (batch, env) => {
  const deps = dispatchDeps(env, batch.queue);
  await eachDeliverMessage(batch, deps, async (message, body) => {
    const abandoned = await abandonJobWebhooks(body.jobId, "the deliver stage gave up (dead-lettered)", deps);
    deps.log.warn("deliver: dead-lettered message; pending deliveries failed", { jobId: body.jobId, abandoned });
    message.ack();
  });
};
