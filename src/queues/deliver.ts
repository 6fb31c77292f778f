import { createDb } from "../adapters/storage/db";
import { TenantWebhooks } from "../adapters/storage/webhooks";
import { TenantDeliveries } from "../adapters/storage/webhooks-deliveries";
import { type DispatchDeps, dispatchJobWebhooks } from "../adapters/webhooks/dispatch";
import { SecretBox } from "../adapters/webhooks/secret-box";
import { webhookSettings } from "../adapters/webhooks/settings";
import { jobServices } from "../composition/jobs";
import { retryDelaySeconds } from "../core/webhooks/backoff";
import type { QueueConsumer } from ".";
import { StageMessageSchema } from "./messages";

/**
 * The `deliver` stage: each message names a finished job; its webhooks are planned and tried. A message stays
 * in the queue (retried with a growing delay) while any of its job's deliveries is still pending.
 */
export const consumeDeliver: QueueConsumer = async (batch, env) => {
  const jobs = jobServices(env);
  const settings = webhookSettings(env);
  const db = createDb(env.DB);
  const box = new SecretBox(settings.secretKey);
  const deps: DispatchDeps = {
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
    log: jobs.log.with({ queue: batch.queue }),
  };

  const handle = async (message: Message<unknown>) => {
    const parsed = StageMessageSchema.safeParse(message.body);
    if (!parsed.success || parsed.data.stage !== "deliver") {
      deps.log.error("deliver: malformed message dropped", { messageId: message.id });
      message.ack();
      return;
    }
    const retryInSeconds = retryDelaySeconds(message.attempts);
    try {
      const { pending } = await dispatchJobWebhooks(parsed.data.jobId, retryInSeconds, deps);
      if (pending > 0) message.retry({ delaySeconds: retryInSeconds });
      else message.ack();
    } catch (error) {
      deps.log.error("deliver: batch message failed; retrying", {
        jobId: parsed.data.jobId,
        error: error instanceof Error ? error.message : String(error),
      });
      message.retry({ delaySeconds: retryInSeconds });
    }
  };

  // Bounded: at most STAGE_CONCURRENCY jobs' deliveries in flight per batch.
  const queue = [...batch.messages];
  const worker = async () => {
    for (let message = queue.shift(); message; message = queue.shift()) await handle(message);
  };
  await Promise.all(Array.from({ length: Math.min(jobs.config.STAGE_CONCURRENCY, queue.length) }, worker));
};
