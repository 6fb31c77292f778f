import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { jobServices } from "../src/composition/jobs";
import { newId } from "../src/core/ids";
import type { ArticleRequest } from "../src/core/jobs/request";
import { emptyJob } from "../src/core/jobs/state";
import worker from "../src/index";

export const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

/** A job that has already finished, written straight to its event stream (the pipeline is tested elsewhere). */
export async function finishedJob(
  tenantId: string,
  options: { webhookUrl?: string; failed?: boolean; services?: ReturnType<typeof jobServices> } = {},
): Promise<string> {
  const id = newId("job");
  const request = {
    keyword: "edge caching",
    options: {},
    seoThreshold: 75,
    maxAttempts: 3,
    ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
  } as unknown as ArticleRequest;
  const outcome = options.failed
    ? ({
        type: "ArticleFailed",
        data: { code: "no_sources", message: "No usable sources", stage: "research" },
      } as const)
    : ({
        type: "ArticleCompleted",
        data: { run: 1, bestAttempt: 1, passed: true, reason: "passed", scores: { seo: 82, quality: 78, overall: 80 } },
      } as const);
  await (options.services ?? jobServices(env)).store.commit(
    emptyJob(id),
    { events: [{ type: "ArticleRequested", data: { request, origin: "api" } }, outcome] },
    { tenantId, traceId: TRACE_ID },
  );
  return id;
}

/**
 * Runs the Worker's queue handler on one `deliver` message of run `run`, as the platform would on its `attempts`-th try.
 * `getQueueResult` reports which messages were retried but not their delay, so `retry()` is observed too; a message
 * sent back to the deliver queue (`sentBack`, its delay in `delays` too) is captured instead of queued.
 */
export async function driveDeliver(jobId: string, attempts: number, queue = "optiblog-deliver", run = 1) {
  const messageId = `msg-${jobId}-${run}-${attempts}`;
  const batch = createMessageBatch(queue, [
    {
      id: messageId,
      timestamp: new Date(),
      attempts,
      body: { jobId, stage: "deliver", attempt: run, traceId: TRACE_ID },
    },
  ]);
  const delays: (number | undefined)[] = [];
  const sentBack: { body: unknown; delaySeconds: number | undefined }[] = [];
  const deliverQueue = {
    send: async (body: unknown, options?: QueueSendOptions) => {
      sentBack.push({ body, delaySeconds: options?.delaySeconds });
      delays.push(options?.delaySeconds);
    },
    sendBatch: async () => {
      throw new Error("the deliver stage sends its messages one by one");
    },
  } as unknown as Queue;
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, { ...env, DELIVER_QUEUE: deliverQueue }, ctx);
  return { messageId, result: await getQueueResult(batch, ctx), delays, sentBack };
}

/** Moves a job's pending deliveries to their next try, as if the wait after a failed one had passed. */
export async function waitPassed(jobId: string): Promise<void> {
  await env.DB.prepare("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE job_id = ? AND status = 'pending'")
    .bind(new Date().toISOString(), jobId)
    .run();
}

export interface Captured {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Replaces `globalThis.fetch` with a receiver answering the given statuses in turn (the last one repeats). */
export function stubReceiver(statuses: number[]): { requests: Captured[]; restore: () => void } {
  const original = globalThis.fetch;
  const requests: Captured[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    });
    const status = statuses[Math.min(requests.length - 1, statuses.length - 1)] ?? 200;
    return new Response(status < 300 ? "ok" : "nope", { status });
  }) as typeof fetch;
  return { requests, restore: () => (globalThis.fetch = original) };
}

export async function jobEventTypes(jobId: string): Promise<string[]> {
  return (await jobServices(env).events.read(jobId)).map((event) => event.type);
}
