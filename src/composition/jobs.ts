import { DurableGuards } from "../adapters/guards/durable";
import { metricsDataset } from "../adapters/metrics/sink";
import { QueueLines } from "../adapters/queues/lines";
import { EventStore } from "../adapters/storage/events";
import { D1IdempotencyKeys } from "../adapters/storage/idempotency";
import { D1BatchStore, D1JobReads, TenantJobs } from "../adapters/storage/job-reads";
import { D1JobStore } from "../adapters/storage/jobs";
import { Outbox, type StageQueues } from "../adapters/storage/outbox";
import { D1Upkeep } from "../adapters/storage/retention";
import { D1StageHeartbeats } from "../adapters/storage/stage-heartbeats";
import { loadConfig } from "../config";
import type { JobPorts } from "../core/app/ports";
import type { SweepPorts } from "../core/app/sweep";
import type { StageMessage } from "../core/jobs/messages";
import { type Clock, systemClock } from "../core/ports/clock";
import { createLogger, type Logger } from "../logger";
import { QUEUE_BINDING } from "../queues/messages";
import { type JobsConfig, jobsConfig } from "./jobs-config";

/** The job graph: the use cases' ports plus what the edges read directly (config, the log, list queries). */
export interface JobServices extends JobPorts, SweepPorts {
  store: D1JobStore;
  events: EventStore;
  outbox: Outbox;
  config: JobsConfig;
  db: D1Database;
  log: Logger;
  /** What the stage consumers report holding, for the sweep (`Upkeep.stalledJobs`). */
  heartbeats: D1StageHeartbeats;
  tenant(tenantId: string): TenantJobs;
}

export function stageQueues(env: Env): StageQueues {
  return {
    research: env[QUEUE_BINDING.research] as Queue<StageMessage>,
    write: env[QUEUE_BINDING.write] as Queue<StageMessage>,
    deliver: env[QUEUE_BINDING.deliver] as Queue<StageMessage>,
  };
}

/** The job graph from `env`, built once per request or queue batch; tests pass their own queues, clock or logger. */
export function jobServices(
  env: Env,
  overrides: { queues?: StageQueues; clock?: Clock; log?: Logger } = {},
): JobServices {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger(loadConfig(env).LOG_LEVEL);
  const events = new EventStore(env.DB, clock);
  const queues = overrides.queues ?? stageQueues(env);
  const outbox = new Outbox(env.DB, queues, log, clock);
  const config = jobsConfig(env);
  return {
    db: env.DB,
    events,
    outbox,
    store: new D1JobStore(events, outbox, metricsDataset(env)),
    reads: new D1JobReads(env.DB),
    keys: new D1IdempotencyKeys(
      env.DB,
      { apiMs: config.IDEMPOTENCY_KEY_RETENTION_SECONDS * 1000, hookMs: config.HOOK_REPLAY_WINDOW_SECONDS * 1000 },
      clock,
    ),
    batches: new D1BatchStore(env.DB),
    guards: new DurableGuards(env.GUARD),
    config,
    upkeep: new D1Upkeep(env.DB, outbox, {
      sentOutboxMs: config.OUTBOX_RETENTION_SECONDS * 1000,
      idempotencyKeyMs: config.IDEMPOTENCY_KEY_RETENTION_SECONDS * 1000,
      hookCallMs: config.HOOK_REPLAY_WINDOW_SECONDS * 1000,
      heartbeatMs: config.STUCK_AFTER_SECONDS * 1000,
    }),
    lines: new QueueLines(queues),
    heartbeats: new D1StageHeartbeats(env.DB),
    clock,
    log,
    tenant: (tenantId) => new TenantJobs(env.DB, events, tenantId),
  };
}
