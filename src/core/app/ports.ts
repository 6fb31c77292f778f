import type { Clock } from "../ports/clock";
import type { Guards } from "../ports/guard";
import type { BatchStore, IdempotencyKeys, JobReads } from "../ports/job-reads";
import type { JobStore } from "../ports/job-store";
import type { Log } from "../ports/log";

/** Everything the job use cases reach: composition builds it from `env`, tests from doubles. */
export interface JobPorts {
  store: JobStore;
  reads: JobReads;
  keys: IdempotencyKeys;
  batches: BatchStore;
  guards: Guards;
  clock: Clock;
  log: Log;
}
