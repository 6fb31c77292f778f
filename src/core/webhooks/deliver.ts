import type { RequestedJob } from "../jobs/state";
import { jobView } from "../jobs/view";
import type { Clock } from "../ports/clock";
import type { Log } from "../ports/log";
import type {
  AttemptRecord,
  Delivery,
  DeliveryLog,
  JobHistory,
  PlannedDelivery,
  SendOutcome,
  WebhookEndpoints,
  WebhookSender,
} from "../ports/webhooks";
import { retryDelaySeconds } from "./backoff";
import { eventTypeForStatus, type WebhookEventType } from "./events";
import { buildPayload } from "./payload";
import { runOutcome } from "./run-outcome";

/** What the deliver stage reaches: the job's history, the tenant's delivery log and endpoints, a sender. */
export interface DeliverPorts {
  history: JobHistory;
  deliveries(tenantId: string): DeliveryLog;
  endpoints(tenantId: string): WebhookEndpoints;
  sender: WebhookSender;
  clock: Clock;
  maxAttempts: number;
  /** Seconds to wait after a delivery's `attempt`-th failed try (1-based): `retryDelaySeconds` unless a test fixes it. */
  backoff?: (attempt: number) => number;
  log: Log;
}

/** A claim outlives one send by this much, so a slow send is never taken over while it runs. */
const LEASE_MARGIN_MS = 5_000;

/** A delivery this close to its next try is due: a delayed message may come back a little early. */
const DUE_TOLERANCE_MS = 5_000;

/**
 * The longest a receiver's Retry-After holds a delivery back: an hour. The backoff's own steps (30 s doubling, eight
 * tries in about two hours) still apply below it, and a receiver asking for a day would otherwise keep a
 * delivery and its queue message waiting for days over its attempts.
 */
const MAX_RETRY_AFTER_SECONDS = 3600;

/**
 * Delivers what run `run` of a job owes its receivers: plans one delivery per subscribed endpoint (and the
 * per-request `webhookUrl`) for that run's outcome, then tries each pending delivery of that run once. The
 * outcome is the run's own, read from the history, so a regeneration that landed first does not hide it.
 * Only pending deliveries are sent, and only once their next try is due: a redelivered message never sends a
 * delivered one again, nor one early (a queue's second copy, a sweep's, a regeneration's). A failed try's next is
 * the backoff's step for that delivery's own tries, whoever's message made it. Returns how many are still pending
 * and in how many seconds the next of them is due, for the message to come back then.
 */
export async function deliverJobWebhooks(
  jobId: string,
  run: number,
  ports: DeliverPorts,
): Promise<{ pending: number; retryInSeconds: number }> {
  const backoff = ports.backoff ?? retryDelaySeconds;
  const events = await ports.history.read(jobId);
  const outcome = runOutcome(jobId, events, run);
  const first = events[0];
  if (!first) {
    ports.log.warn("deliver: no such job", { jobId });
    return { pending: 0, retryInSeconds: backoff(1) };
  }
  const { tenantId, traceId } = first.meta;
  const log = ports.log.with({ jobId, tenantId, traceId, run });
  const deliveries = ports.deliveries(tenantId);
  const endpoints = ports.endpoints(tenantId);
  const type = outcome && eventTypeForStatus(outcome.status);
  if (outcome && type) await deliveries.plan(await planFor(outcome, type, endpoints));
  else log.warn("deliver: the run has not ended; nothing new to plan");

  const waits: number[] = [];
  // Only this run's: another run's deliveries (an earlier one's, a regeneration's) have their own message.
  for (const row of await deliveries.pendingForJob(jobId, run)) {
    const wait = await attempt(row, traceId, { ...ports, log, backoff }, deliveries, endpoints);
    if (wait !== undefined) waits.push(wait);
  }
  return { pending: waits.length, retryInSeconds: waits.length ? Math.min(...waits) : backoff(1) };
}

/**
 * A run's deliver message was dead-lettered: what that run still has pending fails for good, each with
 * WebhookFailed. Another run's deliveries (a regeneration's) keep their own message and their own tries.
 */
export async function abandonJobWebhooks(
  jobId: string,
  run: number,
  reason: string,
  ports: DeliverPorts,
): Promise<number> {
  const [first] = await ports.history.read(jobId);
  if (!first) return 0;
  const deliveries = ports.deliveries(first.meta.tenantId);
  let abandoned = 0;
  for (const row of await deliveries.pendingForJob(jobId, run)) {
    const now = new Date(ports.clock.now());
    const claimed = await deliveries.claim(row.id, now, ports.sender.timeoutMs + LEASE_MARGIN_MS);
    if (!claimed) continue;
    const attempts = Math.max(1, claimed.attempts);
    await deliveries.settle(
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

async function planFor(
  state: RequestedJob,
  type: WebhookEventType,
  endpoints: WebhookEndpoints,
): Promise<PlannedDelivery[]> {
  const payload = JSON.stringify(buildPayload(type, jobView(state), state.finishedAt ?? state.updatedAt));
  const outcomeKey = `${state.run}:${type}`;
  const targets: { endpointId: string | null; url: string }[] = await endpoints.subscribers(type, state.finishedAt);
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

/**
 * One try of one delivery, when it is due. Returns undefined when it is settled (delivered or given up), else the
 * seconds until its next try: the time left when it is not due yet, the next step when this try failed.
 */
async function attempt(
  row: Delivery,
  traceId: string,
  ports: DeliverPorts & { backoff: (attempt: number) => number },
  deliveries: DeliveryLog,
  endpoints: WebhookEndpoints,
): Promise<number | undefined> {
  const now = new Date(ports.clock.now());
  const dueIn = row.nextAttemptAt === null ? 0 : Date.parse(row.nextAttemptAt) - now.getTime();
  if (dueIn > DUE_TOLERANCE_MS) return Math.ceil(dueIn / 1000);
  const dueBy = new Date(now.getTime() + DUE_TOLERANCE_MS);
  const claimed = await deliveries.claim(row.id, now, ports.sender.timeoutMs + LEASE_MARGIN_MS, dueBy);
  // Another consumer holds it, or has just tried it: its own try decides when the next is; look again after a step.
  if (!claimed) return ports.backoff(1);
  const secrets = claimed.endpointId
    ? await endpoints.endpointSecrets(claimed.endpointId)
    : { secret: await endpoints.defaultSecret() };
  const outcome: SendOutcome =
    secrets === undefined
      ? { ok: false, error: "the endpoint was removed", retryable: false }
      : await ports.sender.send({
          id: claimed.id,
          url: claimed.url,
          payload: claimed.payload,
          secret: secrets.secret,
          ...(secrets.previous ? { previousSecret: secrets.previous } : {}),
          traceId,
        });
  const attempts = claimed.attempts + 1;
  const target = { deliveryId: claimed.id, url: claimed.url, attempt: attempts, ...endpoint(claimed) };
  const log = ports.log.with({ deliveryId: claimed.id, url: claimed.url, attempt: attempts });

  if (outcome.ok) {
    await deliveries.settle(
      claimed,
      { status: "delivered", attempts, statusCode: outcome.statusCode, now },
      { type: "WebhookDelivered", data: { ...target, status: outcome.statusCode } },
    );
    log.info("webhook delivered", { statusCode: outcome.statusCode });
    return undefined;
  }
  let error = outcome.error;
  if (outcome.gone && claimed.endpointId) {
    // Before the delivery is settled: should the settle fail, the next try hears 410 again and disables again.
    await endpoints.disable(claimed.endpointId);
    error = `${error}; the endpoint was disabled`;
    log.warn("webhook receiver is gone; endpoint disabled", { endpointId: claimed.endpointId });
  }
  const record: Omit<AttemptRecord, "status"> = { attempts, statusCode: outcome.statusCode, error, now };
  if (outcome.retryable && attempts < ports.maxAttempts) {
    // Never sooner than a busy receiver asked, nor sooner than the backoff.
    const wait = Math.max(ports.backoff(attempts), Math.min(outcome.retryAfterSeconds ?? 0, MAX_RETRY_AFTER_SECONDS));
    const nextAttemptAt = new Date(now.getTime() + wait * 1000).toISOString();
    await deliveries.recordAttempt(claimed.id, { ...record, status: "pending", nextAttemptAt });
    log.warn("webhook attempt failed; will retry", { error: outcome.error, retryInSeconds: wait });
    return wait;
  }
  await deliveries.settle(
    claimed,
    { ...record, status: "failed" },
    {
      type: "WebhookFailed",
      data: { ...target, reason: error, ...(outcome.statusCode ? { status: outcome.statusCode } : {}) },
    },
  );
  log.warn("webhook failed for good", { error, permanent: !outcome.retryable });
  return undefined;
}

const endpoint = (row: Delivery) => (row.endpointId ? { endpointId: row.endpointId } : {});
