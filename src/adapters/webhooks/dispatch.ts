import type { NewEvent } from "../../core/jobs/events";
import type { JobState } from "../../core/jobs/state";
import { jobView } from "../../core/jobs/view";
import type { Clock } from "../../core/ports/clock";
import { type JobStore, updateJob } from "../../core/ports/job-store";
import { eventTypeForStatus, type WebhookEventType } from "../../core/webhooks/events";
import { buildPayload } from "../../core/webhooks/payload";
import type { Logger } from "../../logger";
import type { TenantWebhooks } from "../storage/webhooks";
import type { AttemptRecord, Delivery, PlannedDelivery, TenantDeliveries } from "../storage/webhooks-deliveries";
import { type SenderDeps, type SendOutcome, sendWebhook } from "./sender";

export interface DispatchDeps {
  jobs: { store: JobStore<D1PreparedStatement>; clock: Clock };
  webhooks: (tenantId: string) => TenantWebhooks;
  deliveries: (tenantId: string) => TenantDeliveries;
  sender: SenderDeps;
  maxAttempts: number;
  log: Logger;
}

/**
 * Delivers what a job owes its receivers: plans one delivery per subscribed endpoint (and the per-request
 * `webhookUrl`) for the job's outcome, then tries each pending one once. Only pending deliveries are sent,
 * so a redelivered queue message never sends a delivered one again. Returns how many are still pending.
 */
export async function dispatchJobWebhooks(
  jobId: string,
  retryInSeconds: number,
  deps: DispatchDeps,
): Promise<{ pending: number }> {
  const state = await deps.jobs.store.load(jobId);
  if (!state.exists) {
    deps.log.warn("deliver: no such job", { jobId });
    return { pending: 0 };
  }
  const log = deps.log.with({ jobId, tenantId: state.tenantId, traceId: state.traceId });
  const deliveries = deps.deliveries(state.tenantId);
  const webhooks = deps.webhooks(state.tenantId);
  const type = eventTypeForStatus(state.status);
  if (type) await deliveries.plan(await planFor(state, type, webhooks));

  let pending = 0;
  for (const row of await deliveries.pendingForJob(jobId)) {
    const settled = await attempt(row, state, retryInSeconds, { ...deps, log }, deliveries, webhooks);
    if (!settled) pending++;
  }
  return { pending };
}

/** The job's deliver message was dead-lettered: what is still pending fails for good, each with WebhookFailed. */
export async function abandonJobWebhooks(jobId: string, reason: string, deps: DispatchDeps): Promise<number> {
  const state = await deps.jobs.store.load(jobId);
  if (!state.exists) return 0;
  const deliveries = deps.deliveries(state.tenantId);
  let abandoned = 0;
  for (const row of await deliveries.pendingForJob(jobId)) {
    const now = new Date(deps.jobs.clock.now());
    const claimed = await deliveries.claim(row.id, now, deps.sender.timeoutMs + 5_000);
    if (!claimed) continue;
    const attempts = Math.max(1, claimed.attempts);
    await settle(
      deps,
      deliveries,
      claimed,
      { status: "failed", attempts, error: reason, now },
      {
        type: "WebhookFailed",
        data: { deliveryId: claimed.id, url: claimed.url, attempt: attempts, reason, ...endpoint(claimed) },
      },
    );
    abandoned++;
  }
  return abandoned;
}

async function planFor(state: JobState, type: WebhookEventType, webhooks: TenantWebhooks): Promise<PlannedDelivery[]> {
  const payload = JSON.stringify(buildPayload(type, jobView(state), state.finishedAt ?? state.updatedAt));
  const outcomeKey = `${state.run}:${type}`;
  const targets: { endpointId: string | null; url: string }[] = await webhooks.subscribers(type);
  if (state.request.webhookUrl) targets.push({ endpointId: null, url: state.request.webhookUrl });
  return targets.map((target) => ({
    jobId: state.id,
    endpointId: target.endpointId,
    url: target.url,
    eventType: type,
    payload,
    outcomeKey,
  }));
}

/** One try of one delivery; true when it is settled (delivered or given up), false when it stays pending. */
async function attempt(
  row: Delivery,
  state: JobState,
  retryInSeconds: number,
  deps: DispatchDeps,
  deliveries: TenantDeliveries,
  webhooks: TenantWebhooks,
): Promise<boolean> {
  const now = new Date(deps.jobs.clock.now());
  const claimed = await deliveries.claim(row.id, now, deps.sender.timeoutMs + 5_000);
  if (!claimed) return false;
  const secret = claimed.endpointId
    ? await webhooks.endpointSecret(claimed.endpointId)
    : await webhooks.defaultSecret();
  const outcome: SendOutcome =
    secret === undefined
      ? { ok: false, error: "the endpoint was removed", retryable: false }
      : await sendWebhook(
          { id: claimed.id, url: claimed.url, payload: claimed.payload, secret, traceId: state.traceId },
          deps.sender,
        );
  const attempts = claimed.attempts + 1;
  const target = { deliveryId: claimed.id, url: claimed.url, attempt: attempts, ...endpoint(claimed) };
  const log = deps.log.with({ deliveryId: claimed.id, url: claimed.url, attempt: attempts });

  if (outcome.ok) {
    await settle(
      deps,
      deliveries,
      claimed,
      { status: "delivered", attempts, statusCode: outcome.statusCode, now },
      {
        type: "WebhookDelivered",
        data: { ...target, status: outcome.statusCode },
      },
    );
    log.info("webhook delivered", { statusCode: outcome.statusCode });
    return true;
  }
  const record = { attempts, statusCode: outcome.statusCode, error: outcome.error, now };
  if (outcome.retryable && attempts < deps.maxAttempts) {
    const nextAttemptAt = new Date(now.getTime() + retryInSeconds * 1000).toISOString();
    await deliveries.recordAttempt(claimed.id, { ...record, status: "pending", nextAttemptAt });
    log.warn("webhook attempt failed; will retry", { error: outcome.error, retryInSeconds });
    return false;
  }
  await settle(
    deps,
    deliveries,
    claimed,
    { ...record, status: "failed" },
    {
      type: "WebhookFailed",
      data: { ...target, reason: outcome.error, ...(outcome.statusCode ? { status: outcome.statusCode } : {}) },
    },
  );
  log.warn("webhook failed for good", { error: outcome.error });
  return true;
}

const endpoint = (row: Delivery) => (row.endpointId ? { endpointId: row.endpointId } : {});

type SettleEvent = Extract<NewEvent, { type: "WebhookDelivered" | "WebhookFailed" }>;

/** The delivery's final state and the job's event commit in one batch: neither is recorded without the other. */
async function settle(
  deps: DispatchDeps,
  deliveries: TenantDeliveries,
  row: Delivery,
  record: AttemptRecord,
  event: SettleEvent,
): Promise<void> {
  await updateJob(
    deps.jobs.store,
    row.jobId,
    () => ({ events: [event], extra: [deliveries.attemptStatement(row.id, record)] }),
    (state) => ({ tenantId: state.tenantId, traceId: state.traceId }),
  );
}
