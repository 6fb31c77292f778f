import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { StageQueues } from "../src/adapters/storage/outbox";
import { jobServices } from "../src/composition/jobs";
import { createWriter } from "../src/composition/writers";
import type { AttemptRecord, NextStep, PipelinePorts } from "../src/core/jobs/ports";
import type { RecordedAssessment } from "../src/core/jobs/state";
import type { ResearchReport } from "../src/core/research/types";
import worker from "../src/index";
import type { QueueConsumer } from "../src/queues/consumer";
import type { StageMessage } from "../src/queues/messages";
import { fixtureReport, MORE, PAGES } from "./research-fixtures";

function assessmentFor(score: number): RecordedAssessment {
  return {
    score,
    seo: { score: score - 1, grade: "B", checks: [] },
    quality: { score: score + 1, checks: [] },
    findings: [{ check: "length", severity: "medium", message: "too short", instruction: "Add a section on bins" }],
  };
}

/** A plain revision policy: accept at the threshold, otherwise revise until attempts run out; best score wins. */
export function simpleDecide(policy: { threshold: number; maxAttempts: number }, attempts: AttemptRecord[]): NextStep {
  const best = attempts.reduce((a, b) => (b.score > a.score ? b : a));
  const last = attempts[attempts.length - 1] as AttemptRecord;
  if (last.score >= policy.threshold) return { action: "accept", best: last.attempt, passed: true };
  if (attempts.length >= policy.maxAttempts)
    return { action: "stop", best: best.attempt, passed: false, reason: "max_attempts" };
  return { action: "revise", best: best.attempt, instructions: last.assessment.findings.map((f) => f.instruction) };
}

/** Test ports: scripted research and scores, the real extractive writer. */
export function testPorts(options: { scores?: number[]; research?: () => Promise<ResearchReport> } = {}) {
  const calls = { research: 0, write: 0 };
  const scores = options.scores ?? [90];
  const ports = (): PipelinePorts => ({
    research: async (input) => {
      calls.research++;
      return options.research ? options.research() : fixtureReport(input.keyword);
    },
    writer: () => {
      const real = createWriter(env);
      return {
        kind: real.kind,
        name: real.name,
        write: (req) => {
          calls.write++;
          return real.write(req);
        },
      };
    },
    assess: () => assessmentFor(scores[Math.min(calls.write, scores.length) - 1] ?? 50),
    decide: simpleDecide,
  });
  return { ports, calls };
}

/** Queues that record what is sent, so a test delivers each message itself. */
export function capturingQueues(failSends = 0) {
  const sent: StageMessage[] = [];
  let failures = failSends;
  const queue = {
    send: async (body: StageMessage) => {
      if (failures > 0) {
        failures--;
        throw new Error("queue unavailable");
      }
      sent.push(body);
    },
  };
  const queues: StageQueues = { research: queue, write: queue, deliver: queue };
  return { sent, queues, services: (e: Env) => jobServices(e, { queues }) };
}

let nextMessage = 0;

/** Delivers one message to a consumer as the runtime would, and reports what the consumer did with it. */
export async function deliver(
  consumer: QueueConsumer,
  message: StageMessage,
  attempts = 1,
  queue = `optiblog-${message.stage}`,
) {
  return deliverBatch(consumer, [message], attempts, queue);
}

/** Delivers the messages to the consumer as one batch (as `deliver` does one). */
export async function deliverBatch(
  consumer: QueueConsumer,
  messages: readonly StageMessage[],
  attempts = 1,
  queue = `optiblog-${messages[0]?.stage}`,
) {
  const batch = createMessageBatch<StageMessage>(
    queue,
    messages.map((body) => ({ id: `msg-${++nextMessage}`, timestamp: new Date(), attempts, body })),
  );
  // The queue result does not report retry delays; record them on the way through.
  const retryDelays: (number | undefined)[] = [];
  for (const msg of batch.messages) {
    const retry = msg.retry.bind(msg);
    Object.defineProperty(msg, "retry", {
      value: (options?: QueueRetryOptions) => {
        retryDelays.push(options?.delaySeconds);
        retry(options);
      },
    });
  }
  const ctx = createExecutionContext();
  await consumer(batch as MessageBatch<unknown>, env, ctx);
  return { ...(await getQueueResult(batch as MessageBatch<unknown>, ctx)), retryDelays };
}

/** A page the extractor keeps: a title, a heading and a dozen paragraphs (about 450 words). */
export function fixturePage(n: number): string {
  const paragraphs = [...PAGES.flat(), ...MORE];
  const rotated = [...paragraphs.slice(n % paragraphs.length), ...paragraphs.slice(0, n % paragraphs.length)];
  return `<!doctype html><html lang="en"><head><title>Home composting guide ${n}</title>
<meta name="description" content="How to compost at home, guide ${n}"></head><body><main><article>
<h1>Home composting guide ${n}</h1><h2>How to start composting at home</h2>
${rotated.map((p) => `<p>${p}</p>`).join("\n")}
</article></main></body></html>`;
}

export const FIXTURE_URLS = [1, 2, 3].map((n) => `https://garden${n}.example/composting`);

/** Replaces the network: a SearXNG answer at search.example, fixture pages at FIXTURE_URLS, 404 otherwise. */
export function stubWeb(): { restore(): void; requests: string[]; realFetch: typeof fetch } {
  const realFetch = globalThis.fetch;
  const requests: string[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    requests.push(url);
    if (url.startsWith("https://search.example/search?")) {
      const results = FIXTURE_URLS.map((u, i) => ({
        url: u,
        title: `Home composting guide ${i + 1}`,
        content: "compost",
        engine: "stub",
      }));
      return Response.json({ query: "home composting", results });
    }
    const index = FIXTURE_URLS.indexOf(url);
    if (index >= 0) {
      return new Response(fixturePage(index + 1), { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    return new Response("not found", { status: 404, headers: { "content-type": "text/plain" } });
  }) as typeof fetch;
  return {
    requests,
    realFetch,
    restore: () => {
      globalThis.fetch = realFetch;
    },
  };
}

/**
 * Runs a job's stage messages through the Worker's own queue handler, in commit order, until the job ends.
 * The local queues may also deliver them; consumers are idempotent, so whichever comes first does the work.
 */
export async function driveJob(jobId: string, maxRounds = 40): Promise<string> {
  const delivered = new Set<string>();
  for (let round = 0; round < maxRounds; round++) {
    const { results } = await env.DB.prepare(
      "SELECT id, queue, body FROM outbox WHERE body LIKE ? AND queue != 'deliver' ORDER BY created_at, rowid",
    )
      .bind(`%"${jobId}"%`)
      .all<{ id: string; queue: string; body: string }>();
    const pending = results.filter((row) => !delivered.has(row.id));
    for (const row of pending) {
      delivered.add(row.id);
      await deliver(worker.queue as QueueConsumer, JSON.parse(row.body) as StageMessage);
    }
    const status = await env.DB.prepare("SELECT status FROM jobs WHERE id = ?").bind(jobId).first<{ status: string }>();
    if (status?.status === "completed" || status?.status === "failed") return status.status;
    if (pending.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}
