import { newId, sha256Hex } from "../ids";
import type { ArticleRequest } from "../jobs/request";
import { normaliseKeyword } from "../jobs/request";
import { emptyJob } from "../jobs/state";
import { type JobLinks, jobLinks } from "../jobs/view";
import type { KeywordGuard } from "../ports/guard";
import { IdempotencyKeyTaken } from "../ports/job-store";
import { stableJson } from "../stable-json";
import type { JobPorts } from "./ports";
import { joinFlight } from "./single-flight";

export interface SubmittedJob {
  id: string;
  status: string;
  links: JobLinks;
}

export interface SubmitMeta {
  traceId: string;
  /** The caller's `Idempotency-Key`, or an inbound hook's message id: one job per key. */
  idempotencyKey?: string;
  origin: "api" | "batch" | "hook";
  batchId?: string;
}

/** The keyword's breaker is open: its recent jobs kept failing, so new ones are refused for a while. */
export class KeywordBreakerOpen extends Error {
  override readonly name = "KeywordBreakerOpen";
  constructor(
    readonly keyword: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Recent jobs for "${keyword}" kept failing; try again in ${retryAfterSeconds} s`);
  }
}

/** The same `Idempotency-Key` came with a different body. */
export class IdempotencyConflict extends Error {
  override readonly name = "IdempotencyConflict";
}

/** What the key recorded for this body, undefined for a key not yet recorded; a conflict for another body. */
async function replay<Recorded = SubmittedJob>(
  ports: Pick<JobPorts, "keys">,
  tenantId: string,
  key: string,
  requestHash: string,
): Promise<Recorded | undefined> {
  const seen = await ports.keys.find(tenantId, key);
  if (!seen) return undefined;
  if (seen.requestHash !== requestHash) {
    throw new IdempotencyConflict("This Idempotency-Key was used with a different request body");
  }
  return JSON.parse(seen.response) as Recorded;
}

/**
 * Records `ArticleRequested` and queues research, in one commit with the outbox row and the idempotency key;
 * an identical job of the tenant still running is returned instead (single flight).
 */
export async function submitArticleJob(
  ports: JobPorts,
  tenantId: string,
  request: ArticleRequest,
  meta: SubmitMeta,
): Promise<SubmittedJob> {
  const key = meta.idempotencyKey;
  const requestHash = key ? await sha256Hex(stableJson(request)) : "";
  if (key) {
    const previous = await replay(ports, tenantId, key, requestHash);
    if (previous) return previous;
  }
  const id = newId("job");
  // A batch's jobs are its own (its progress counts the jobs it started): they neither join a job in flight nor
  // offer themselves to be joined.
  const flight = meta.origin === "batch" ? {} : await joinFlight(ports, tenantId, request, id);
  if (flight.join) {
    if (key) {
      await ports.keys.remember(tenantId, key, requestHash, flight.join);
      // Another request may have taken the key since the first look (the record is kept only where none was):
      // what the key now holds answers, or refuses a body other than the one it was taken with.
      const recorded = await replay(ports, tenantId, key, requestHash);
      if (recorded) return recorded;
    }
    ports.log.info("joined a job in flight", { jobId: flight.join.id, tenantId, traceId: meta.traceId });
    return flight.join;
  }
  // A new job, unless the keyword's breaker is open. A batch is accepted whole: its jobs start regardless.
  let probe = false;
  if (meta.origin !== "batch") {
    try {
      probe = await admitKeyword(ports, tenantId, request.keyword);
    } catch (error) {
      await flight.claim?.failed();
      throw error;
    }
  }
  const response: SubmittedJob = { id, status: "queued", links: jobLinks(id) };
  try {
    await ports.store.commit(
      emptyJob(id),
      {
        events: [{ type: "ArticleRequested", data: { request, origin: meta.origin, batchId: meta.batchId } }],
        messages: [{ body: { jobId: id, stage: "research", attempt: 1, traceId: meta.traceId } }],
        ...(key ? { idempotency: { key, requestHash, response } } : {}),
      },
      { tenantId, traceId: meta.traceId },
    );
  } catch (error) {
    await flight.claim?.failed();
    if (probe) await releaseKeywordProbe(ports, tenantId, request.keyword);
    // Two requests raced with one key: the loser answers as the winner did.
    if (key && error instanceof IdempotencyKeyTaken) {
      const winner = await replay(ports, tenantId, key, requestHash);
      if (winner) return winner;
    }
    throw error;
  }
  await flight.claim?.created();
  ports.log.info("job requested", { jobId: id, tenantId, traceId: meta.traceId, origin: meta.origin });
  return response;
}

/**
 * The keyword breaker's answer: whether the job is the half-open breaker's probe. The Guard being unreachable never
 * blocks a request.
 */
async function admitKeyword(
  ports: Pick<JobPorts, "guards" | "log">,
  tenantId: string,
  keyword: string,
): Promise<boolean> {
  let admission: Awaited<ReturnType<KeywordGuard["admitJob"]>>;
  try {
    admission = await ports.guards.keyword(tenantId, normaliseKeyword(keyword)).admitJob();
  } catch (error) {
    ports.log.warn("keyword breaker unavailable; starting the job", { tenantId, error: String(error) });
    return false;
  }
  if (!admission.allowed) throw new KeywordBreakerOpen(keyword, admission.retryAfterSeconds);
  return admission.probe;
}

/**
 * The probe job the keyword breaker admitted was never recorded: the probe is given back, so the next request probes
 * at once instead of being refused until the probe's timeout. Best effort: without it the timeout frees the probe.
 */
async function releaseKeywordProbe(ports: Pick<JobPorts, "guards" | "log">, tenantId: string, keyword: string) {
  try {
    await ports.guards.keyword(tenantId, normaliseKeyword(keyword)).releaseProbe();
  } catch (error) {
    ports.log.warn("could not give back the keyword breaker's probe", { tenantId, error: String(error) });
  }
}

export interface SubmittedBatch {
  id: string;
  jobs: (SubmittedJob & { keyword: string })[];
}

/**
 * The idempotency keys of a keyed batch's jobs start with this (then the batch id and the normalised keyword), so a
 * retry of the batch finds the jobs it already started; callers' own keys may not.
 */
export const BATCH_KEY_PREFIX = "batch:";

/**
 * One job per distinct keyword, all sharing the batch's settings; the batch row lands before its jobs. With an
 * `Idempotency-Key` the key records the batch's id first and each job commits with a key of its own under that id,
 * so a retry of a batch that failed part-way (or timed out) starts only the jobs still missing and answers with the
 * same batch and jobs; the same key with another body is an `IdempotencyConflict`.
 */
export async function submitBatch(
  ports: JobPorts,
  tenantId: string,
  keywords: string[],
  shared: Omit<ArticleRequest, "keyword">,
  meta: Pick<SubmitMeta, "traceId" | "idempotencyKey">,
): Promise<SubmittedBatch> {
  const distinct = distinctKeywords(keywords);
  const key = meta.idempotencyKey;
  const id = key ? await keyedBatchId(ports, tenantId, key, { keywords, ...shared }) : newId("bat");
  await ports.batches.create(id, tenantId, distinct.length);
  const jobs: SubmittedBatch["jobs"] = [];
  for (const keyword of distinct) {
    const job = await submitArticleJob(
      ports,
      tenantId,
      { ...shared, keyword },
      {
        traceId: meta.traceId,
        origin: "batch",
        batchId: id,
        ...(key ? { idempotencyKey: `${BATCH_KEY_PREFIX}${id}:${normaliseKeyword(keyword)}` } : {}),
      },
    );
    jobs.push({ ...job, keyword });
  }
  ports.log.info("batch requested", { batchId: id, tenantId, traceId: meta.traceId, jobs: jobs.length });
  return { id, jobs };
}

/** The keywords a batch starts jobs for: the first spelling of each normalised keyword, in order. */
export function distinctKeywords(keywords: string[]): string[] {
  const firstSpelling = new Map<string, string>();
  for (const keyword of keywords) {
    const normal = normaliseKeyword(keyword);
    if (!firstSpelling.has(normal)) firstSpelling.set(normal, keyword.trim());
  }
  return [...firstSpelling.values()];
}

/** The batch the key stands for: the one it recorded, else a new one it records now (or a racing request did). */
async function keyedBatchId(ports: JobPorts, tenantId: string, key: string, body: object): Promise<string> {
  const requestHash = await sha256Hex(stableJson(body));
  const recorded = await replay<{ batchId: string }>(ports, tenantId, key, requestHash);
  if (recorded) return recorded.batchId;
  await ports.keys.remember(tenantId, key, requestHash, { batchId: newId("bat") });
  const taken = await replay<{ batchId: string }>(ports, tenantId, key, requestHash);
  if (!taken) throw new Error("the batch's Idempotency-Key was not recorded");
  return taken.batchId;
}
