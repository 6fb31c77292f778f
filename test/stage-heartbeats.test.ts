import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { QueueLines } from "../src/adapters/queues/lines";
import { EventStore } from "../src/adapters/storage/events";
import { D1StageHeartbeats } from "../src/adapters/storage/stage-heartbeats";
import { type JobServices, jobServices } from "../src/composition/jobs";
import { submitArticleJob } from "../src/core/app/submit";
import { TransientError } from "../src/core/errors";
import { foldJob } from "../src/core/jobs/reducer";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import type { ResearchReport } from "../src/core/research/types";
import { researchConsumer } from "../src/queues/research";
import { sweep } from "../src/queues/sweeper";
import { capturingQueues, deliver, testPorts } from "./jobs-fixtures";
import { fixtureReport } from "./research-fixtures";

const TRACE = "6bf92f3577b34da6a3ce929d0e0e4736";
const request = ArticleRequestSchema.parse({ keyword: "home composting" });
const store = new EventStore(env.DB);

/** The sweep's answer narrowed to these jobs: other files' unfinished jobs share the database. */
async function stalled(jobIds: string[], before: number): Promise<string[]> {
  const upkeep = jobServices(env).upkeep;
  return (await upkeep.stalledJobs(new Date(before), Number.MAX_SAFE_INTEGER))
    .map((job) => job.id)
    .filter((id) => jobIds.includes(id));
}

/** The job services with the sweep's stalled jobs narrowed to one: other files' jobs share the database. */
function ownJob(services: JobServices, jobId: string): JobServices {
  const { upkeep } = services;
  return {
    ...services,
    upkeep: {
      resendUnsent: async () => 0,
      stalledJobs: async (before) =>
        (await upkeep.stalledJobs(before, Number.MAX_SAFE_INTEGER)).filter((job) => job.id === jobId),
      owedDeliveries: async () => [],
      prune: upkeep.prune.bind(upkeep),
      redeliver: upkeep.redeliver.bind(upkeep),
    },
  };
}

async function submit(): Promise<{ id: string; capture: ReturnType<typeof capturingQueues> }> {
  const capture = capturingQueues();
  const job = await submitArticleJob(capture.services(env), `ten_beat_${crypto.randomUUID()}`, request, {
    traceId: TRACE,
    origin: "api",
  });
  capture.sent.length = 0;
  return { id: job.id, capture };
}

describe("stage heartbeats", { timeout: 30_000 }, () => {
  it("keep a job off the sweep while a beat for its current stage is recent, and only then", async () => {
    const [a, b] = [await submit(), await submit()];
    const heartbeats = new D1StageHeartbeats(env.DB);
    const later = Date.now() + 901_000;
    await heartbeats.beat("research", [a.id], later - 1_000);
    await heartbeats.beat("write", [b.id], later - 1_000);

    // A beat for another stage than the job's holds nothing off; an old beat neither.
    expect(await stalled([a.id, b.id], later - 900_000)).toEqual([b.id]);
    expect(await stalled([a.id, b.id], later)).toEqual([a.id, b.id]);
    // Pruning keeps a stale beat while its job runs: it is the sweep's evidence that a consumer died holding the
    // message (a sweep that holds the job off, behind an older message in line, must still find it next time).
    // Once the job has ended, or its row is gone, the beat goes.
    const orphan = `job_gone_${crypto.randomUUID()}`;
    await heartbeats.beat("research", [orphan], later - 1_000);
    await env.DB.prepare("UPDATE jobs SET status = 'failed' WHERE id = ?").bind(b.id).run();
    const pruned = await jobServices(env, { clock: { now: () => later + 900_000 } }).upkeep.prune(later + 900_000);
    expect(pruned.heartbeats).toBeGreaterThanOrEqual(2);
    const left = await env.DB.prepare("SELECT job_id FROM stage_heartbeats WHERE job_id IN (?, ?, ?)")
      .bind(a.id, b.id, orphan)
      .all();
    expect(left.results).toEqual([{ job_id: a.id }]);
    await env.DB.prepare("DELETE FROM stage_heartbeats WHERE job_id = ?").bind(a.id).run();

    // A beat never moves back, and a beat from a consumer still holding the message that lands after the consumer
    // settled it (an earlier time) does not mark it held again.
    await heartbeats.beat("research", [a.id], later, false);
    await heartbeats.beat("research", [a.id], later - 500);
    const row = await env.DB.prepare("SELECT beat_at, held FROM stage_heartbeats WHERE job_id = ?").bind(a.id).first();
    expect(row).toEqual({ beat_at: later, held: 0 });
    // Each stage has a beat of its own: a stale research message, beaten for as it arrives, earlier or later, leaves
    // the vouch for a write message sent back to wait until later as it was.
    await heartbeats.beat("write", [a.id], later + 600_000, false);
    await heartbeats.beat("research", [a.id], later + 1_000);
    await heartbeats.beat("research", [a.id], later + 700_000);
    const rows = await env.DB.prepare(
      "SELECT stage, beat_at, held FROM stage_heartbeats WHERE job_id = ? ORDER BY stage",
    )
      .bind(a.id)
      .all();
    expect(rows.results).toEqual([
      { stage: "research", beat_at: later + 700_000, held: 1 },
      { stage: "write", beat_at: later + 600_000, held: 0 },
    ]);
  });

  it("keep the beat of a consumer holding the write message when a stale research message comes and goes", async () => {
    const { id, capture } = await submit();
    const research = (clock?: { now: () => number }) =>
      researchConsumer(testPorts().ports, (e) =>
        jobServices(e, { queues: capture.queues, ...(clock ? { clock } : {}) }),
      );
    const message = { jobId: id, stage: "research" as const, attempt: 1, traceId: TRACE };
    await deliver(research(), message);
    const entered = Date.parse(foldJob(id, await store.read(id)).stageEnteredAt);
    expect(foldJob(id, await store.read(id)).status).toBe("writing");
    const at = (ms: number) => ({ now: () => entered + ms });
    const sweepAt = (ms: number) => sweep(ownJob(jobServices(env, { queues: capture.queues, clock: at(ms) }), id));
    // A write consumer holds the write message past the stuck threshold (15 minutes) and beats for it.
    await new D1StageHeartbeats(env.DB).beat("write", [id], entered + 16 * 60_000);
    expect((await sweepAt(17 * 60_000)).redriven).toBe(0);
    // A duplicate of the research message comes meanwhile and needs nothing: it is beaten for and settled at once.
    expect((await deliver(research(at(16.5 * 60_000)), message)).explicitAcks).toHaveLength(1);
    expect((await sweepAt(17 * 60_000)).redriven).toBe(0);
    expect(foldJob(id, await store.read(id)).redrives).toBe(0);
  });

  it("beats while a consumer works on a slow stage, so the sweep leaves the job; once the beats stop, it is re-driven", async () => {
    const { id, capture } = await submit();
    // One second to stuck: the consumer beats every second.
    const quick = { ...env, STUCK_AFTER_SECONDS: "1" } as Env;
    let finish: (report: ResearchReport) => void = () => {};
    const slow = new Promise<ResearchReport>((resolve) => {
      finish = resolve;
    });
    const { ports } = testPorts({ research: () => slow });
    const working = deliver(
      researchConsumer(ports, () => jobServices(quick, { queues: capture.queues })),
      {
        jobId: id,
        stage: "research",
        attempt: 1,
        traceId: TRACE,
      },
    );

    const beatAfterStart = async (): Promise<number> => {
      for (let tries = 0; tries < 100; tries++) {
        const started = foldJob(id, await store.read(id)).researchStartedAt;
        const row = await env.DB.prepare("SELECT beat_at FROM stage_heartbeats WHERE job_id = ?")
          .bind(id)
          .first<{ beat_at: number }>();
        if (started && row && row.beat_at > Date.parse(started)) return row.beat_at;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("no beat after the research started");
    };
    const beatAt = await beatAfterStart();
    // The research queue reports no message waiting: the job's message is not in line.
    const measured = { ...capture.queues.research, metrics: async () => ({ backlogCount: 0, backlogBytes: 0 }) };
    const queues = { ...capture.queues, research: measured };
    const sweepAt = (now: number) => sweep(ownJob(jobServices(quick, { queues, clock: { now: () => now } }), id));

    // The research started more than the stuck threshold ago, but a beat came since: no re-drive.
    expect((await sweepAt(beatAt + 999)).redriven).toBe(0);
    expect(capture.sent).toEqual([]);
    // Beats older than the threshold: the worker is taken for dead and the job re-driven.
    await sweepAt(beatAt + 5_000);
    expect(capture.sent).toEqual([{ jobId: id, stage: "research", attempt: 1, traceId: TRACE }]);
    // Its worker stopped while holding it: the re-drive counts against the limit.
    const redriven = (await store.read(id)).at(-1);
    expect(redriven).toMatchObject({ type: "StageRedriven", data: { stage: "research", attempt: 1 } });
    expect(redriven?.data).not.toHaveProperty("lostInLine");

    finish(fixtureReport("home composting"));
    await working;
  });
  it("vouch for a message sent back for a retry until it is due in line again", async () => {
    const { id, capture } = await submit();
    const { ports } = testPorts({
      research: async () => {
        throw new TransientError("search_unavailable", "search answered 503");
      },
    });
    const before = Date.now();
    const result = await deliver(researchConsumer(ports, capture.services), {
      jobId: id,
      stage: "research",
      attempt: 1,
      traceId: TRACE,
    });
    expect(result.retryMessages).toHaveLength(1);
    const delayMs = (result.retryDelays[0] ?? 0) * 1000;
    expect(delayMs).toBeGreaterThan(0);
    const row = await env.DB.prepare("SELECT stage, beat_at FROM stage_heartbeats WHERE job_id = ?")
      .bind(id)
      .first<{ stage: string; beat_at: number }>();
    expect(row?.stage).toBe("research");
    expect(row?.beat_at).toBeGreaterThanOrEqual(before + delayMs);
    expect(row?.beat_at).toBeLessThanOrEqual(Date.now() + delayMs);

    // A beat never moves back, and the sweep is told of the last one once it is older than the threshold.
    await new D1StageHeartbeats(env.DB).beat("research", [id], before);
    const beatAt = row?.beat_at ?? 0;
    const upkeep = jobServices(env).upkeep;
    const own = async (at: number) =>
      (await upkeep.stalledJobs(new Date(at), Number.MAX_SAFE_INTEGER)).filter((job) => job.id === id);
    expect(await own(beatAt)).toEqual([]);
    expect(await own(beatAt + 1)).toEqual([{ id, beatAt, held: false }]);
  });
});

describe("stage queue lines", () => {
  const lines = (metrics?: () => Promise<QueueMetrics>) => {
    const queue = metrics ? { metrics } : {};
    return new QueueLines({ research: queue, write: {} });
  };

  it("tell when the oldest waiting message was sent, Infinity for an empty queue, nothing for one that cannot tell", async () => {
    const sent = Date.parse("2026-12-03T10:00:00.000Z");
    const waiting = lines(async () => ({ backlogCount: 3, backlogBytes: 90, oldestMessageTimestamp: new Date(sent) }));
    expect(await waiting.oldestWaiting("research")).toBe(sent);
    expect(await waiting.oldestWaiting("write")).toBeUndefined();
    const empty = lines(async () => ({ backlogCount: 0, backlogBytes: 0, oldestMessageTimestamp: new Date(0) }));
    expect(await empty.oldestWaiting("research")).toBe(Number.POSITIVE_INFINITY);
    const unsure = lines(async () => ({ backlogCount: 2, backlogBytes: 60 }));
    expect(await unsure.oldestWaiting("research")).toBeUndefined();
  });
});
