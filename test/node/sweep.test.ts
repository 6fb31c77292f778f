import { describe, expect, it } from "vitest";
import { sweepJobs } from "../../src/core/app/sweep";
import type { EventMeta, NewEvent, StoredEvent } from "../../src/core/jobs/events";
import { foldJob } from "../../src/core/jobs/reducer";
import { ArticleRequestSchema } from "../../src/core/jobs/request";
import type { JobState } from "../../src/core/jobs/state";
import type { CommitPlan, JobStore } from "../../src/core/ports/job-store";
import type { Log } from "../../src/core/ports/log";
import type { OwedDelivery, Upkeep } from "../../src/core/ports/upkeep";

const T0 = Date.parse("2026-11-26T10:00:00.000Z");
const requested = (jobId: string): StoredEvent =>
  ({
    type: "ArticleRequested",
    data: { request: ArticleRequestSchema.parse({ keyword: "home composting" }), origin: "api" },
    id: `evt_${jobId}`,
    streamId: jobId,
    version: 1,
    schemaVersion: 1,
    meta: { tenantId: "ten_1", traceId: "t" },
    time: new Date(T0).toISOString(),
  }) as StoredEvent;

/** Streams in memory; `broken` ids fail to load, as a row that no longer reads would. */
function memoryStore(ids: string[], broken: string[]) {
  const streams = new Map(ids.map((id) => [id, [requested(id)]]));
  const sent: CommitPlan["messages"] = [];
  const store: JobStore = {
    async load(jobId) {
      if (broken.includes(jobId)) throw new Error(`cannot read ${jobId}`);
      return foldJob(jobId, streams.get(jobId) ?? []);
    },
    async commit(before: JobState, plan: CommitPlan, meta: EventMeta) {
      const stream = streams.get(before.id) ?? [];
      const appended = plan.events.map(
        (event: NewEvent, i) =>
          ({
            ...event,
            id: `e${i}`,
            streamId: before.id,
            version: before.version + i + 1,
            schemaVersion: 1,
            meta,
            time: new Date(T0).toISOString(),
          }) as StoredEvent,
      );
      stream.push(...appended);
      sent.push(...(plan.messages ?? []));
      return { state: foldJob(before.id, stream), appended };
    },
  };
  return { store, sent, streams };
}

function upkeep(stalled: string[], owed: OwedDelivery[] = [], beats: Record<string, number> = {}) {
  const asked: { before?: Date; owedBefore?: Date; owedSince?: Date; redelivered?: OwedDelivery[] } = {};
  const port: Upkeep = {
    resendUnsent: async () => 2,
    stalledJobs: async (before) => {
      asked.before = before;
      return stalled.map((id) => (beats[id] === undefined ? { id } : { id, beatAt: beats[id] }));
    },
    owedDeliveries: async (before, since) => {
      asked.owedBefore = before;
      asked.owedSince = since;
      return owed;
    },
    redeliver: async (runs) => {
      asked.redelivered = runs;
      return runs.length;
    },
    prune: async () => ({ outbox: 1, idempotencyKeys: 0, hookCalls: 3, cacheEntries: 2, heartbeats: 4 }),
  };
  return { port, asked };
}

const config = { OUTBOX_RESEND_AFTER_SECONDS: 30, STUCK_AFTER_SECONDS: 900, MAX_REDRIVES: 3 };
const quiet: Log = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  with: () => quiet,
};

describe("the sweep use case", () => {
  it("re-drives each stalled job, asks for jobs stalled since the configured age, and reports what it did", async () => {
    const { store, sent } = memoryStore(["job_a", "job_b"], []);
    const { port, asked } = upkeep(["job_a", "job_b"]);
    const now = T0 + 901_000;
    const result = await sweepJobs({ store, upkeep: port, clock: { now: () => now }, log: quiet, config });

    expect(asked.before?.getTime()).toBe(now - 900_000);
    expect(result).toEqual({
      resent: 2,
      redriven: 2,
      failed: 0,
      deliveriesRedriven: 0,
      pruned: { outbox: 1, idempotencyKeys: 0, hookCalls: 3, cacheEntries: 2, heartbeats: 4 },
    });
    expect(sent.map((m) => m.body)).toEqual([
      { jobId: "job_a", stage: "research", attempt: 1, traceId: "t" },
      { jobId: "job_b", stage: "research", attempt: 1, traceId: "t" },
    ]);
  });

  it("logs a job it cannot re-drive and goes on with the others", async () => {
    const { store, sent } = memoryStore(["job_a", "job_b"], ["job_a"]);
    const errors: unknown[] = [];
    const log: Log = {
      ...quiet,
      error: (_msg, fields) => {
        errors.push(fields?.jobId);
      },
    };
    const now = T0 + 901_000;
    const result = await sweepJobs({
      store,
      upkeep: upkeep(["job_a", "job_b"]).port,
      clock: { now: () => now },
      log,
      config,
    });

    expect(errors).toEqual(["job_a"]);
    expect(result.redriven).toBe(1);
    expect(sent.map((m) => m.body.jobId)).toEqual(["job_b"]);
  });

  it("leaves a job that moved recently alone", async () => {
    const { store, sent } = memoryStore(["job_a"], []);
    const result = await sweepJobs({
      store,
      upkeep: upkeep(["job_a"]).port,
      clock: { now: () => T0 + 60_000 },
      log: quiet,
      config,
    });
    expect(result.redriven).toBe(0);
    expect(sent).toEqual([]);
  });

  it("sends the deliver message again for runs whose deliveries are owed past the stuck threshold", async () => {
    const { store } = memoryStore([], []);
    const owed = [{ jobId: "job_done", run: 2, traceId: "t" }];
    const { port, asked } = upkeep([], owed);
    const now = T0 + 901_000;
    const result = await sweepJobs({ store, upkeep: port, clock: { now: () => now }, log: quiet, config });

    expect(asked.owedBefore?.getTime()).toBe(now - 900_000);
    expect(asked.owedSince?.getTime()).toBe(now - 900_000 - 24 * 3600_000);
    expect(asked.redelivered).toEqual(owed);
    expect(result.deliveriesRedriven).toBe(1);
  });

  it("re-drives a stalled job only once its stage queue's line has passed it, and as before when the queue cannot tell", async () => {
    const { store, sent } = memoryStore(["job_a"], []);
    const now = T0 + 901_000;
    const asked: string[] = [];
    const warnings: unknown[] = [];
    const lines = (oldest: Partial<Record<"research" | "write", number>> | Error) => ({
      oldestWaiting: async (stage: "research" | "write") => {
        asked.push(stage);
        if (oldest instanceof Error) throw oldest;
        return oldest[stage];
      },
    });
    const sweep = (port: ReturnType<typeof lines>, beats: Record<string, number> = {}) =>
      sweepJobs({
        store,
        upkeep: upkeep(["job_a"], [], beats).port,
        clock: { now: () => now },
        log: { ...quiet, warn: (msg, fields) => msg.includes("backlog") && void warnings.push(fields?.stage) },
        config,
        lines: port,
      });

    expect((await sweep(lines({ research: T0 + 1_000, write: T0 + 600_000 }))).redriven).toBe(0);
    expect(asked).toEqual(["research", "write"]);
    asked.length = 0;
    expect(sent).toEqual([]);
    // Sent back to the line later (its last heartbeat): still behind the oldest waiting message.
    expect((await sweep(lines({ research: T0 + 600_000 }), { job_a: T0 + 598_000 })).redriven).toBe(0);
    expect((await sweep(lines({ research: T0 + 600_000 }))).redriven).toBe(1);
    expect((await sweep(lines(new Error("no metrics")))).redriven).toBe(1);
    expect(warnings).toEqual(["research", "write"]);
    expect(sent.map((m) => m.body)).toEqual([
      { jobId: "job_a", stage: "research", attempt: 1, traceId: "t" },
      { jobId: "job_a", stage: "research", attempt: 1, traceId: "t" },
    ]);
  });

  it("tells the keyword's guard of a job it fails as stuck", async () => {
    const { store } = memoryStore(["job_a"], []);
    const reported: { scope: string; ok: boolean }[] = [];
    const guards = {
      keyword: (tenantId: string, keyword: string) => ({
        claimFlight: () => Promise.reject(new Error("not used")),
        confirmFlight: () => Promise.reject(new Error("not used")),
        releaseFlight: () => Promise.reject(new Error("not used")),
        admitJob: () => Promise.reject(new Error("not used")),
        limitRegeneration: () => Promise.reject(new Error("not used")),
        returnRegeneration: () => Promise.reject(new Error("not used")),
        releaseProbe: () => Promise.reject(new Error("not used")),
        reportJob: async (ok: boolean) => {
          reported.push({ scope: `${tenantId}:${keyword}`, ok });
        },
      }),
    };
    const result = await sweepJobs({
      store,
      upkeep: upkeep(["job_a"]).port,
      clock: { now: () => T0 + 901_000 },
      log: quiet,
      config: { ...config, MAX_REDRIVES: 0 },
      guards,
    });
    expect(result.failed).toBe(1);
    expect(reported).toEqual([{ scope: "ten_1:home composting", ok: false }]);
  });
});
