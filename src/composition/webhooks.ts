import { DurableGuards } from "../adapters/guards/durable";
import { createDb } from "../adapters/storage/db";
import { TenantWebhooks } from "../adapters/storage/webhooks";
import { TenantDeliveries } from "../adapters/storage/webhooks-deliveries";
import { SecretBox } from "../adapters/webhooks/secret-box";
import { webhookSender } from "../adapters/webhooks/sender";
import { webhookSettings } from "../adapters/webhooks/settings";
import type { RateDecision } from "../core/ports/guard";
import { updateJob } from "../core/ports/job-store";
import type { DeliveryLog } from "../core/ports/webhooks";
import type { DeliverPorts } from "../core/webhooks/deliver";
import type { JobServices } from "./jobs";

/** The deliver stage's ports from `env` and the batch's job graph. */
export function deliverPorts(env: Env, jobs: JobServices): DeliverPorts {
  const settings = webhookSettings(env);
  const db = createDb(env.DB);
  const box = new SecretBox(settings.secretKey);
  return {
    history: { read: (jobId) => jobs.events.read(jobId) },
    deliveries: (tenantId) => deliveryLog(jobs, new TenantDeliveries(db, tenantId)),
    endpoints: (tenantId) => new TenantWebhooks(db, tenantId, box),
    sender: webhookSender({
      // Looked up per call, so a test's stubbed fetch is the one used.
      fetch: (input, init) => globalThis.fetch(input, init),
      allowHosts: settings.allowHosts,
      timeoutMs: settings.timeoutMs,
      now: () => new Date(jobs.clock.now()),
    }),
    clock: jobs.clock,
    maxAttempts: settings.maxAttempts,
    log: jobs.log,
  };
}

/** The tenant's delivery rows, settled in one batch with the job's WebhookDelivered/Failed event. */
function deliveryLog(jobs: JobServices, rows: TenantDeliveries): DeliveryLog {
  return {
    plan: (deliveries) => rows.plan(deliveries),
    pendingForJob: (jobId, run) => rows.pendingForJob(jobId, run),
    claim: (id, now, leaseMs, dueBy) => rows.claim(id, now, leaseMs, dueBy),
    recordAttempt: (id, record) => rows.recordAttempt(id, record),
    settle: async (delivery, record, event) => {
      await updateJob(
        jobs.store,
        delivery.jobId,
        () => ({ events: [event], extra: [rows.attemptStatement(delivery.id, record)] }),
        (state) => ({ tenantId: state.tenantId, traceId: state.traceId }),
      );
    },
  };
}

/** Each inbound hook's per-minute budget lives in its own guard, `hook:<id>`. */
export function hookRateLimit(env: Env, perMinute: number): (hookId: string) => Promise<RateDecision> {
  const guards = new DurableGuards(env.GUARD);
  return (hookId) => guards.hookRateLimit(hookId, perMinute);
}
