import { EventStore } from "../adapters/storage/events";
import { IdempotencyKeys, isIdempotencyKeyTaken } from "../adapters/storage/idempotency";
import { TenantJobs } from "../adapters/storage/job-reads";
import { JobRepository } from "../adapters/storage/jobs";
import { Outbox, type StageQueues, stageQueues } from "../adapters/storage/outbox";
import { loadConfig } from "../config";
import { newId, sha256Hex } from "../core/ids";
import type { ArticleRequest } from "../core/jobs/request";
import { emptyJob } from "../core/jobs/state";
import { type JobView, jobLinks, jobView } from "../core/jobs/view";
import { type Clock, systemClock } from "../core/ports/clock";
import { stableJson } from "../core/stable-json";
import { createLogger, type Logger } from "../logger";
import { type JobsConfig, jobsConfig } from "./jobs-config";
import { joinFlight } from "./single-flight";

export interface JobServices {
  db: D1Database;
  store: EventStore;
  outbox: Outbox;
  repo: JobRepository;
  config: JobsConfig;
  clock: Clock;
  log: Logger;
  tenant(tenantId: string): TenantJobs;
}

/** The job graph from `env`; tests pass their own queues, clock or logger here. */
export function jobServices(
  env: Env,
  overrides: { queues?: StageQueues; clock?: Clock; log?: Logger } = {},
): JobServices {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger(loadConfig(env).LOG_LEVEL);
  const store = new EventStore(env.DB, clock);
  const outbox = new Outbox(env.DB, overrides.queues ?? stageQueues(env), log, clock);
  return {
    db: env.DB,
    store,
    outbox,
    repo: new JobRepository(store, outbox),
    config: jobsConfig(env),
    clock,
    log,
    tenant: (tenantId) => new TenantJobs(env.DB, store, tenantId),
  };
}

export interface SubmittedJob {
  id: string;
  status: string;
  links: Record<string, string>;
}

export interface SubmitMeta {
  traceId: string;
  idempotencyKey?: string;
  origin: "api" | "batch" | "hook";
  batchId?: string;
}

/** The same `Idempotency-Key` came with a different body. */
export class IdempotencyConflict extends Error {
  override readonly name = "IdempotencyConflict";
}

async function replay(keys: IdempotencyKeys, key: string, requestHash: string): Promise<SubmittedJob | undefined> {
  const seen = await keys.find(key);
  if (!seen) return undefined;
  if (seen.request_hash !== requestHash) {
    throw new IdempotencyConflict("This Idempotency-Key was used with a different request body");
  }
  return JSON.parse(seen.response) as SubmittedJob;
}

/**
 * Records `ArticleRequested` and queues research, in one batch with the outbox row and the idempotency key;
 * an identical job of the tenant still running is returned instead (single flight).
 */
export async function submitArticleJob(
  env: Env,
  tenantId: string,
  request: ArticleRequest,
  meta: SubmitMeta,
  services: JobServices = jobServices(env),
): Promise<SubmittedJob> {
  const keys = new IdempotencyKeys(services.db, tenantId);
  const requestHash = meta.idempotencyKey ? await sha256Hex(stableJson(request)) : "";
  if (meta.idempotencyKey) {
    const previous = await replay(keys, meta.idempotencyKey, requestHash);
    if (previous) return previous;
  }
  const id = newId("job");
  const inFlight = await joinFlight(env, services, tenantId, request, id);
  if (inFlight) {
    if (meta.idempotencyKey) {
      // A lost race for the key is harmless: the winner's row answers the next replay.
      await keys
        .insert(meta.idempotencyKey, requestHash, inFlight)
        .run()
        .catch(() => undefined);
    }
    services.log.info("joined a job in flight", { jobId: inFlight.id, tenantId, traceId: meta.traceId });
    return inFlight;
  }
  const response: SubmittedJob = { id, status: "queued", links: jobLinks(id) };
  try {
    await services.repo.commit(
      emptyJob(id),
      {
        events: [{ type: "ArticleRequested", data: { request, origin: meta.origin, batchId: meta.batchId } }],
        messages: [{ body: { jobId: id, stage: "research", attempt: 1, traceId: meta.traceId } }],
        extra: meta.idempotencyKey ? [keys.insert(meta.idempotencyKey, requestHash, response)] : [],
      },
      { tenantId, traceId: meta.traceId },
    );
  } catch (error) {
    // Two requests raced with one key: the loser answers as the winner did.
    if (meta.idempotencyKey && isIdempotencyKeyTaken(error)) {
      const winner = await replay(keys, meta.idempotencyKey, requestHash);
      if (winner) return winner;
    }
    throw error;
  }
  services.log.info("job requested", { jobId: id, tenantId, traceId: meta.traceId, origin: meta.origin });
  return response;
}

/** The job as its tenant sees it; undefined for an unknown id or another tenant's job. */
export async function getJob(
  env: Env,
  tenantId: string,
  id: string,
  services: JobServices = jobServices(env),
): Promise<JobView | undefined> {
  if (!(await services.tenant(tenantId).owns(id))) return undefined;
  return jobView(await services.repo.load(id));
}
