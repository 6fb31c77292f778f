import type { NewEvent, StoredEvent } from "../jobs/events";
import type { WebhookEventType } from "../webhooks/events";

/** One delivery the deliver stage plans: a job outcome for one receiver. */
export interface PlannedDelivery {
  jobId: string;
  endpointId: string | null;
  url: string;
  eventType: WebhookEventType;
  payload: string;
  /** Identifies the job outcome this delivery announces (a regenerated job announces again). */
  outcomeKey: string;
}

/** A delivery as the log holds it. */
export interface Delivery {
  id: string;
  jobId: string;
  endpointId: string | null;
  url: string;
  payload: string;
  attempts: number;
  /** When the delivery may be tried again; null until its first try fails (and after a redelivery, now). */
  nextAttemptAt: string | null;
}

export interface AttemptRecord {
  status: "pending" | "delivered" | "failed";
  attempts: number;
  statusCode?: number;
  error?: string;
  nextAttemptAt?: string;
  now: Date;
}

export type SettleEvent = Extract<NewEvent, { type: "WebhookDelivered" | "WebhookFailed" }>;

/** One tenant's delivery log. */
export interface DeliveryLog {
  /** Records the deliveries an outcome needs; planning the same outcome twice adds nothing. */
  plan(deliveries: PlannedDelivery[]): Promise<void>;
  /** The job's pending deliveries, of one run only when `run` is given (a run's outcome is announced per run). */
  pendingForJob(jobId: string, run?: number): Promise<Delivery[]>;
  /**
   * A short lease on a pending delivery (its row), or undefined when someone else holds it or it is done; given
   * `dueBy`, also when its next try is later than that.
   */
  claim(id: string, now: Date, leaseMs: number, dueBy?: Date): Promise<Delivery | undefined>;
  /** Records a try that leaves the delivery pending, and releases the lease. */
  recordAttempt(id: string, record: AttemptRecord): Promise<void>;
  /** The delivery's final record and the job's WebhookDelivered/Failed event, committed together. */
  settle(delivery: Delivery, record: AttemptRecord, event: SettleEvent): Promise<void>;
}

/** One tenant's receivers and signing secrets. */
export interface WebhookEndpoints {
  /**
   * Enabled endpoints subscribed to `type`; given when a run ended, only those that were receivers of `type` then:
   * an endpoint registered, re-enabled or subscribed later is owed nothing of that run.
   */
  subscribers(type: WebhookEventType, endedAt?: string): Promise<{ endpointId: string; url: string }[]>;
  /** Disables an endpoint whose receiver is gone, as a PATCH with `disabled: true` would. */
  disable(id: string): Promise<void>;
  /**
   * An endpoint's secret, and the one a rotation replaced while it still signs (a day); undefined once the endpoint
   * is removed.
   */
  endpointSecrets(id: string): Promise<{ secret: string; previous?: string } | undefined>;
  /** The tenant's default secret for per-request `webhookUrl`s (made on first use). */
  defaultSecret(): Promise<string>;
}

/** One signed POST of a delivery. */
export interface OutgoingWebhook {
  /** The delivery id: the same `webhook-id` on every retry, so receivers can deduplicate. */
  id: string;
  url: string;
  payload: string;
  secret: string;
  /** A rotated-out secret that signs too during its grace period: the receiver may verify with either. */
  previousSecret?: string;
  traceId: string;
}

/**
 * `retryable: false` is a permanent failure (a refused URL): it is not tried again. `gone` is the receiver's own
 * word that it is gone for good (HTTP 410): its endpoint is sent nothing more. `retryAfterSeconds` is how long a
 * busy receiver (429, 503) asked to be left alone.
 */
export type SendOutcome =
  | { ok: true; statusCode: number }
  | { ok: false; statusCode?: number; error: string; retryable: boolean; gone?: boolean; retryAfterSeconds?: number };

export interface WebhookSender {
  /** How long one send may take; a claim outlives it. */
  readonly timeoutMs: number;
  send(message: OutgoingWebhook): Promise<SendOutcome>;
}

/** A job's event stream, oldest first. */
export interface JobHistory {
  read(jobId: string): Promise<StoredEvent[]>;
}
