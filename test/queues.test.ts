import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EventStore } from "../src/adapters/storage/events";
import { jobServices } from "../src/composition/jobs";
import { planCommit } from "../src/core/app/commands";
import { submitArticleJob } from "../src/core/app/submit";
import { PermanentError, TransientError } from "../src/core/errors";
import { regeneratePlan } from "../src/core/jobs/commands";
import { redrivePlan } from "../src/core/jobs/redrive";
import { foldJob } from "../src/core/jobs/reducer";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import type { StagePlan } from "../src/core/jobs/stages";
import worker from "../src/index";
import type { QueueConsumer } from "../src/queues/consumer";
import { consumeDeadLetters } from "../src/queues/dead-letter";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { writeConsumer } from "../src/queues/write";
import { capturingQueues, deliver, deliverBatch, testPorts } from "./jobs-fixtures";
import { fixtureReport } from "./research-fixtures";

let tenants = 0;
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

async function setup(options: Parameters<typeof testPorts>[0] = {}, request: object = {}) {
  // A tenant per test: identical requests of one tenant would join the job in flight.
  const tenantId = `ten_queues_${++tenants}`;
  const capture = capturingQueues();
  const { ports, calls } = testPorts(options);
  const research = researchConsumer(ports, capture.services);
  const write = writeConsumer(ports, capture.services);
  const services = capture.services(env);
  const job = await submitArticleJob(
    services,
    tenantId,
    ArticleRequestSchema.parse({ keyword: "home composting", ...request }),
    { traceId: TRACE, origin: "api" },
  );
  /** Delivers every captured message in order until none is left; returns the deliver-stage messages. */
  async function drain(): Promise<StageMessage[]> {
    const delivered: StageMessage[] = [];
    while (capture.sent.length) {
      const message = capture.sent.shift() as StageMessage;
      if (message.stage === "deliver") delivered.push(message);
      else await deliver(message.stage === "research" ? research : write, message);
    }
    return delivered;
  }
  return { job, tenantId, capture, research, write, drain, calls, store: new EventStore(env.DB) };
}

// Whole jobs run in these tests; a busy machine needs more than the default five seconds.
describe("stage queues", { timeout: 30_000 }, () => {
  it("runs a job from request to ArticleCompleted, events contiguous and folding to the read model", async () => {
    const { job, tenantId, drain, store } = await setup({ scores: [60, 85] });
    const delivered = await drain();
    expect(delivered).toEqual([{ jobId: job.id, stage: "deliver", attempt: 1, traceId: TRACE }]);
    const events = await store.read(job.id);
    expect(events.map((e) => e.type)).toEqual([
      "ArticleRequested",
      "ResearchStarted",
      "ResearchCompleted",
      "DraftWritten",
      "AssessmentCompleted",
      "RevisionRequested",
      "DraftWritten",
      "AssessmentCompleted",
      "ArticleCompleted",
    ]);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.meta.traceId))).toEqual(new Set([TRACE]));
    const state = foldJob(job.id, events);
    const row = await env.DB.prepare("SELECT * FROM jobs WHERE id = ?").bind(job.id).first<Record<string, unknown>>();
    expect(row).toMatchObject({
      status: "completed",
      stage: "done",
      attempts: 2,
      overall_score: 85,
      passed: 1,
      version: events.length,
      tenant_id: tenantId,
    });
    expect(JSON.parse(row?.article as string)).toEqual(state.attempts[1]?.article);
    // Test files share the database: count this job's rows only.
    const unsent = await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND body LIKE ?")
      .bind(`%"${job.id}"%`)
      .first<{ n: number }>();
    expect(unsent?.n).toBe(0);
  });

  it("keeps the best draft when the attempts run out below the threshold", async () => {
    const { job, drain, store } = await setup({ scores: [70, 55, 60] }, { maxAttempts: 3 });
    await drain();
    const state = foldJob(job.id, await store.read(job.id));
    expect(state).toMatchObject({ status: "completed", bestAttempt: 1, passed: false });
    expect(state.scores?.overall).toBe(70);
  });

  it("changes nothing when any stage's message is delivered again", async () => {
    const { job, capture, research, write, drain, store, calls } = await setup({ scores: [60, 85] });
    await drain();
    expect(calls.write).toBe(2);
    const before = await store.read(job.id);
    const writes = calls.write;
    for (const message of [
      { jobId: job.id, stage: "research" as const, attempt: 1, traceId: TRACE },
      { jobId: job.id, stage: "write" as const, attempt: 1, traceId: TRACE },
      { jobId: job.id, stage: "write" as const, attempt: 2, traceId: TRACE },
    ]) {
      const result = await deliver(message.stage === "research" ? research : write, message, 2);
      expect(result.explicitAcks).toHaveLength(1);
    }
    expect(await store.read(job.id)).toEqual(before);
    expect(calls.write).toBe(writes);
    expect(capture.sent).toEqual([]);
  });

  it("lets one of two consumers racing on a job commit; the other is retried and then finds nothing to do", async () => {
    let arrived = 0;
    let bothArrived: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      bothArrived = resolve;
    });
    const { job, tenantId, research, store, capture } = await setup({
      research: async () => {
        if (++arrived === 2) bothArrived();
        await gate;
        return fixtureReport("home composting");
      },
    });
    const message = capture.sent.shift() as StageMessage;
    // Research already started: both deliveries read the same version and go straight to research.
    const services = capture.services(env);
    await services.store.commit(
      await services.store.load(job.id),
      { events: [{ type: "ResearchStarted", data: { run: 1 } }] },
      { tenantId, traceId: TRACE },
    );
    const results = await Promise.all([deliver(research, message), deliver(research, message)]);
    expect(arrived).toBe(2);
    expect(results.map((result) => result.explicitAcks.length).sort()).toEqual([0, 1]);
    expect(results.flatMap((result) => result.retryDelays)).toEqual([1]);
    const events = await store.read(job.id);
    expect(events.filter((event) => event.type === "ResearchCompleted")).toHaveLength(1);
    expect(capture.sent.filter((sent) => sent.stage === "write")).toHaveLength(1);

    const again = await deliver(research, message, 2);
    expect(again.explicitAcks).toHaveLength(1);
    expect(arrived).toBe(2);
    expect(await store.read(job.id)).toEqual(events);
  });

  it("works two copies of a job's message in one batch one after the other, so the copy pays for no second draft", async () => {
    const { job, research, write, capture, store, calls } = await setup({ scores: [90] });
    await deliver(research, capture.sent.shift() as StageMessage);
    const message = capture.sent.shift() as StageMessage;
    expect(message.stage).toBe("write");
    // Another job's message in the same batch is worked too.
    const other = await setup({ scores: [90] });
    await deliver(other.research, other.capture.sent.shift() as StageMessage);
    const result = await deliverBatch(write, [message, message, other.capture.sent.shift() as StageMessage]);
    expect(result.explicitAcks).toHaveLength(3);
    expect(result.retryDelays).toEqual([]);
    expect(calls.write).toBe(2);
    for (const id of [job.id, other.job.id]) {
      const events = await store.read(id);
      expect(events.filter((event) => event.type === "DraftWritten")).toHaveLength(1);
      expect(foldJob(id, events).status).toBe("completed");
    }
  });

  it("retries a transient failure with a growing delay, then fails the job on the last retry", async () => {
    const { job, research, store, capture } = await setup({
      research: async () => {
        throw new TransientError("search_unavailable", "search answered 503");
      },
    });
    capture.sent.length = 0;
    const message: StageMessage = { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE };
    const first = await deliver(research, message, 1);
    const second = await deliver(research, message, 2);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.retryDelays[0]).toBeGreaterThan(0);
    expect(second.retryDelays[0]).toBeGreaterThan(first.retryDelays[0] ?? 0);
    expect(foldJob(job.id, await store.read(job.id)).status).toBe("researching");
    const last = await deliver(research, message, 5);
    expect(last.retryMessages).toEqual([]);
    expect(last.explicitAcks).toHaveLength(1);
    const state = foldJob(job.id, await store.read(job.id));
    expect(state.status).toBe("failed");
    expect(state.error?.code).toBe("retries_exhausted");
    expect(capture.sent).toEqual([{ jobId: job.id, stage: "deliver", attempt: 1, traceId: TRACE }]);
  });

  it("records a wait for provider capacity once the job's clock is half way to stuck, so the sweeper leaves the job in line", async () => {
    const full = async (): Promise<never> => {
      throw new TransientError("provider_capacity", "No provider can take the call now (a: capacity)", 120);
    };
    const { job, store, capture } = await setup({ research: full });
    capture.sent.length = 0;
    const message: StageMessage = { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE };
    const consumer = (clock: { now: () => number }) =>
      researchConsumer(testPorts({ research: full }).ports, (e) => jobServices(e, { queues: capture.queues, clock }));
    // Fresh: the job entered its stage just now, so the wait is not worth an event.
    const fresh = await deliver(consumer({ now: () => Date.now() }), message);
    expect(fresh.explicitAcks).toHaveLength(1);
    expect(fresh.retryMessages).toEqual([]);
    expect((await store.read(job.id)).map((e) => e.type)).not.toContain("StageWaiting");
    // Ten minutes on (the sweeper looks after fifteen), the wait is recorded once, and its end restarts the clock.
    const later = { now: () => Date.now() + 600_000 };
    await deliver(consumer(later), message);
    await deliver(consumer(later), message);
    const events = await store.read(job.id);
    const waits = events.filter((e) => e.type === "StageWaiting");
    expect(waits).toHaveLength(1);
    expect(waits[0]?.data).toMatchObject({ stage: "research", reason: "provider_capacity" });
    const state = foldJob(job.id, events);
    expect(Date.parse(state.stageEnteredAt)).toBeGreaterThanOrEqual(Date.parse(waits[0]?.time ?? "") + 120_000);
    expect(state.redrives).toBe(0);
    expect(redrivePlan(state, later.now() + 900_000, 900_000, 3)).toBeUndefined();
    expect(redrivePlan(state, later.now() + 1_200_000, 900_000, 3)?.events[0]?.type).toBe("StageRedriven");
  });

  it("fails a job whose stage keeps waiting for provider capacity once the waits add up past STAGE_MAX_WAIT_SECONDS", async () => {
    const { job, research, store, capture } = await setup();
    await deliver(research, capture.sent.shift() as StageMessage);
    const message = capture.sent.shift() as StageMessage;
    expect(message.stage).toBe("write");
    const researched = Date.parse(foldJob(job.id, await store.read(job.id)).stageEnteredAt);
    const { ports } = testPorts();
    let writes = 0;
    const full = () => ({
      ...ports(),
      writer: () => ({
        kind: "llm" as const,
        name: "full",
        write: async (): Promise<never> => {
          writes++;
          throw new TransientError("provider_capacity", "No provider can take the call now (a: rate_limited)", 3600);
        },
      }),
    });
    // The provider answers "come back in an hour" every time: the message comes back each hour and is sent back.
    const hourly = (hour: number) => ({ now: () => researched + hour * 3_605_000 + 1000 });
    for (let hour = 0; hour < 12; hour++) {
      const write = writeConsumer(full, (e) => jobServices(e, { queues: capture.queues, clock: hourly(hour) }));
      expect((await deliver(write, message)).explicitAcks).toHaveLength(1);
      if (foldJob(job.id, await store.read(job.id)).status !== "writing") break;
    }
    const state = foldJob(job.id, await store.read(job.id));
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "provider_capacity", stage: "write" });
    expect(state.error?.message).toMatch(/^Waited 6\.0 h for provider capacity, past the 6\.0 h a stage may wait: /);
    // Six hours and a bit: the wait that would have passed the limit is not asked for.
    expect(writes).toBe(7);
  });

  it("fails the job at once with the reason of a permanent failure", async () => {
    const { job, research, store } = await setup({
      research: async () => {
        throw new PermanentError("search_misconfigured", "search key rejected");
      },
    });
    const result = await deliver(research, { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE }, 1);
    expect(result.retryMessages).toEqual([]);
    const state = foldJob(job.id, await store.read(job.id));
    expect(state.error).toMatchObject({ code: "search_misconfigured", stage: "research" });
    const row = await env.DB.prepare("SELECT status, error_code FROM jobs WHERE id = ?").bind(job.id).first();
    expect(row).toEqual({ status: "failed", error_code: "search_misconfigured" });
  });

  it("fails a job whose research found no usable source", async () => {
    const { job, drain, store } = await setup({ research: async () => fixtureReport("x", false) });
    await drain();
    expect(foldJob(job.id, await store.read(job.id)).error?.code).toBe("no_usable_sources");
  });

  it("records a dead-lettered message as the job's failure, once", async () => {
    const { job, store } = await setup();
    const message: StageMessage = { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE };
    await deliver(consumeDeadLetters, message, 1, "optiblog-research-dlq");
    await deliver(consumeDeadLetters, message, 1, "optiblog-research-dlq");
    const events = await store.read(job.id);
    expect(events.filter((e) => e.type === "ArticleFailed")).toHaveLength(1);
    expect(foldJob(job.id, events).error?.code).toBe("dead_lettered");
  });

  it("leaves a job that moved on when a duplicate of its passed stage's message fails for good", async () => {
    let arrived = 0;
    let bothArrived: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      bothArrived = resolve;
    });
    const status = async () => foldJob(job.id, await store.read(job.id)).status;
    const { job, tenantId, research, store, capture } = await setup({
      research: async () => {
        const mine = ++arrived;
        if (mine === 2) bothArrived();
        await gate;
        if (mine === 1) return fixtureReport("home composting");
        // The duplicate fails for good only once the first delivery has committed the research.
        while ((await status()) !== "writing") await new Promise((resolve) => setTimeout(resolve, 10));
        throw new PermanentError("search_misconfigured", "search key rejected");
      },
    });
    const message = capture.sent.shift() as StageMessage;
    const services = capture.services(env);
    await services.store.commit(
      await services.store.load(job.id),
      { events: [{ type: "ResearchStarted", data: { run: 1 } }] },
      { tenantId, traceId: TRACE },
    );
    const results = await Promise.all([deliver(research, message), deliver(research, message)]);
    expect(results.flatMap((result) => result.explicitAcks)).toHaveLength(2);
    const events = await store.read(job.id);
    expect(events.map((event) => event.type)).not.toContain("ArticleFailed");
    expect(foldJob(job.id, events).status).toBe("writing");
    expect(capture.sent.map((sent) => sent.stage)).toEqual(["write"]);
  });

  it("leaves a job that moved on when its passed stage's message is dead-lettered", async () => {
    const { job, research, store, capture } = await setup();
    const message = capture.sent.shift() as StageMessage;
    await deliver(research, message);
    // e.g. the research message shared a batch with a message that kept failing, and went to the DLQ with it.
    await deliver(consumeDeadLetters, message, 1, "optiblog-research-dlq");
    const events = await store.read(job.id);
    expect(events.map((event) => event.type)).not.toContain("ArticleFailed");
    expect(foldJob(job.id, events).status).toBe("writing");
  });

  it("tells a regenerated run's write message from the earlier run's one for the same draft", async () => {
    const { job, tenantId, research, write, store, capture, calls } = await setup({ scores: [60, 85] });
    await deliver(research, capture.sent.shift() as StageMessage);
    await deliver(write, capture.sent.shift() as StageMessage);
    const earlier = capture.sent.shift() as StageMessage;
    expect(earlier).toMatchObject({ stage: "write", attempt: 2, run: 1 });
    await deliver(consumeDeadLetters, earlier, 1, "optiblog-write-dlq");
    capture.sent.length = 0;
    const services = capture.services(env);
    const failed = await services.store.load(job.id);
    const regeneration = regeneratePlan(failed, "write") as StagePlan;
    await services.store.commit(failed, planCommit(job.id, TRACE, regeneration), { tenantId, traceId: TRACE });
    expect(capture.sent).toEqual([{ jobId: job.id, stage: "write", attempt: 2, run: 2, traceId: TRACE }]);
    // The earlier run's message for draft 2, dead-lettered again, is not the regenerated run's.
    await deliver(consumeDeadLetters, earlier, 1, "optiblog-write-dlq");
    expect(foldJob(job.id, await store.read(job.id)).status).toBe("writing");
    expect((await deliver(write, earlier)).explicitAcks).toHaveLength(1);
    expect(calls.write).toBe(1);
    // A write message sent before messages carried their run is taken for the current run.
    await deliver(write, { jobId: job.id, stage: "write", attempt: 2, traceId: TRACE });
    expect(calls.write).toBe(2);
    expect(foldJob(job.id, await store.read(job.id)).status).toBe("completed");
  });

  it("routes the suffixed queues of a wrangler environment to their consumers", async () => {
    const { job, store } = await setup();
    const message: StageMessage = { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE };
    const result = await deliver(worker.queue as QueueConsumer, message, 1, "optiblog-research-dlq-staging");
    expect(result.explicitAcks).toEqual([expect.any(String)]);
    expect(result.retryBatch.retry).toBe(false);
    expect(foldJob(job.id, await store.read(job.id)).error?.code).toBe("dead_lettered");
  });

  it("sends the messages of a queue with no role back to be retried", async () => {
    const { job } = await setup();
    const message: StageMessage = { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE };
    const result = await deliver(worker.queue as QueueConsumer, message, 1, "optiblog-staging");
    expect(result.retryBatch.retry).toBe(true);
    expect(result.explicitAcks).toEqual([]);
  });
});
