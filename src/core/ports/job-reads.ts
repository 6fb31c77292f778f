import type { JobStatus } from "../jobs/state";

/** The jobs read model as commands need it: every lookup carries the tenant, so others' ids do not exist. */
export interface JobReads {
  /** The job's status, or undefined when it is not this tenant's. */
  statusOf(tenantId: string, jobId: string): Promise<JobStatus | undefined>;
}

/** First answers to `Idempotency-Key`s, per tenant. */
export interface IdempotencyKeys {
  find(tenantId: string, key: string): Promise<{ requestHash: string; response: string } | undefined>;
  /** Records an answer outside a job's commit; a key already taken is left as it is. */
  remember(tenantId: string, key: string, requestHash: string, response: unknown): Promise<void>;
}

/** Batches group the jobs they fanned out to. */
export interface BatchStore {
  /** Records the batch; one already recorded (a keyed batch's retry) is left as it is. */
  create(id: string, tenantId: string, size: number): Promise<void>;
}
