import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EventStore } from "../src/adapters/storage/events";
import { type JobServices, jobServices } from "../src/composition/jobs";
import { submitArticleJob } from "../src/core/app/submit";
import { foldJob } from "../src/core/jobs/reducer";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import type { Upkeep } from "../src/core/ports/upkeep";
import { researchConsumer } from "../src/queues/research";
import { sweep } from "../src/queues/sweeper";
import { bearer, call, createTenant } from "./helpers";
import { capturingQueues, deliver, testPorts } from "./jobs-fixtures";
import { driveDeliver, finishedJob, stubReceiver, TRACE_ID, waitPassed } from "./webhooks-helpers";

const TRACE = "5bf92f3577b34da6a3ce929d0e0e4736";
const request = ArticleRequestSchema.parse({ keyword: "home composting" });
const later = (seconds: number) => ({ now: () => Date.now() + seconds * 1000 });

/**
 * The job services with the sweep's cross-tenant queries kept to the given jobs. Other files' unfinished jobs and
 * owed deliveries share the database: oldest first, enough of them would fill the sweep's batch before this test's
 * job. The queries still run as written (with no batch limit), and their answer is narrowed to these jobs.
 */
function ownJobs(services: JobServices, jobIds: string[]): JobServices {
  const upkeep = services.upkeep;
  const all = Number.MAX_SAFE_INTEGER;
  const narrowed: Upkeep = {
    resendUnsent: (olderThanMs, limit) => upkeep.resendUnsent(olderThanMs, limit),
    stalledJobs: async (before, limit) =>
      (await upkeep.stalledJobs(before, all)).filter((job) => jobIds.includes(job.id)).slice(0, limit),
    owedDeliveries: async (before, since, limit) =>
      (await upkeep.owedDeliveries(before, since, all)).filter((owed) => jobIds.includes(owed.jobId)).slice(0, limit),
    redeliver: (owed) => upkeep.redeliver(owed),
    prune: (now) => upkeep.prune(now),
  };
  return { ...services, upkeep: narrowed };
}

/** Registers an endpoint of the tenant's for `events`; its id. */
async function registerEndpoint(key: string, url: string, events: string[]): Promise<string> {
  const created = await call("/v1/webhooks", { method: "POST", headers: bearer(key), json: { url, events } });
  return ((await created.json()) as { id: string }).id;
}

const patchEndpoint = (key: string, id: string, json: Record<string, unknown>) =>
  call(`/v1/webhooks/${id}`, { method: "PATCH", headers: bearer(key), json });

/** What a receiver got when the job's deliver message ran on its `attempts`-th try. */
async function deliveredOn(jobId: string, attempts: number) {
  const receiver = stubReceiver([200]);
  try {
    await driveDeliver(jobId, attempts);
  } finally {
    receiver.restore();
  }
  return receiver.requests;
}

/** The job's deliver messages a sweep sends `seconds` from now. */
async function sweptDeliverMessages(jobId: string, seconds: number) {
  const capture = capturingQueues();
  await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(seconds) }), [jobId]));
  return capture.sent.filter((m) => m.jobId === jobId && m.stage === "deliver");
}

/** Lets a few milliseconds pass, so times recorded before and after differ. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

// Whole jobs run in these tests; a busy machine needs more than the default five seconds.
describe("sweeper", { timeout: 30_000 }, () => {
  it("re-sends a message whose send failed after the commit", async () => {
    const capture = capturingQueues(1);
    const job = await submitArticleJob(capture.services(env), "ten_sweep", request, { traceId: TRACE, origin: "api" });
    expect(capture.sent).toEqual([]);
    const row = await env.DB.prepare("SELECT sent_at FROM outbox WHERE body LIKE ?").bind(`%${job.id}%`).first();
    expect(row).toEqual({ sent_at: null });

    const tooSoon = await sweep(jobServices(env, { queues: capture.queues }));
    expect(tooSoon.resent).toBe(0);
    await sweep(jobServices(env, { queues: capture.queues, clock: later(60) }));
    expect(capture.sent.filter((m) => m.jobId === job.id)).toEqual([
      { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE },
    ]);
    const after = await env.DB.prepare("SELECT sent_at FROM outbox WHERE body LIKE ?")
      .bind(`%${job.id}%`)
      .first<{ sent_at: number }>();
    expect(after?.sent_at).toBeGreaterThan(0);
  });

  it("re-sends what it can past an unsent row it cannot read, where that row stopped every sweep for good", async () => {
    // Oldest first, so each sweep met them before any other row: a stage this version has no queue for, and a body
    // that is no JSON at all.
    const poison = [
      ["obx_poisonStage", "publish", '{"jobId":"job_gone","stage":"publish","attempt":1,"traceId":"t"}'],
      ["obx_poisonJson", "research", '{"jobId":'],
    ];
    for (const [id, queue, body] of poison) {
      await env.DB.prepare("INSERT INTO outbox (id, queue, body, delay_seconds, created_at) VALUES (?, ?, ?, 0, 1)")
        .bind(id, queue, body)
        .run();
    }
    try {
      const capture = capturingQueues(1);
      const job = await submitArticleJob(capture.services(env), "ten_sweep_poison", request, {
        traceId: TRACE,
        origin: "api",
      });
      const result = await sweep(jobServices(env, { queues: capture.queues, clock: later(60) }));
      expect(result.resent).toBeGreaterThan(0);
      expect(capture.sent.filter((m) => m.jobId === job.id)).toEqual([
        { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE },
      ]);
      // Left unsent, where an operator sees it (GET /v1/admin/queues counts it), not sent as something else.
      const kept = await env.DB.prepare("SELECT id FROM outbox WHERE id LIKE 'obx_poison%' AND sent_at IS NULL").all();
      expect(kept.results).toHaveLength(2);
    } finally {
      await env.DB.prepare("DELETE FROM outbox WHERE id LIKE 'obx_poison%'").run();
    }
  });

  it("reaches a readable unsent row behind more unreadable ones than a sweep re-sends at once", async () => {
    const poison = Array.from({ length: 150 }, (_, i) => `obx_poisonMany${String(i).padStart(3, "0")}`);
    await env.DB.batch(
      poison.map((id) =>
        env.DB.prepare(
          "INSERT INTO outbox (id, queue, body, delay_seconds, created_at) VALUES (?, 'research', '{\"jobId\":', 0, 1)",
        ).bind(id),
      ),
    );
    try {
      const capture = capturingQueues(1);
      const job = await submitArticleJob(capture.services(env), "ten_sweep_many", request, {
        traceId: TRACE,
        origin: "api",
      });
      const result = await sweep(jobServices(env, { queues: capture.queues, clock: later(60) }));
      expect(result.resent).toBe(1);
      expect(capture.sent.filter((m) => m.jobId === job.id)).toEqual([
        { jobId: job.id, stage: "research", attempt: 1, traceId: TRACE },
      ]);
      const kept = await env.DB.prepare(
        "SELECT count(*) AS n FROM outbox WHERE id LIKE 'obx_poisonMany%' AND sent_at IS NULL",
      ).first<{ n: number }>();
      expect(kept?.n).toBe(150);
    } finally {
      await env.DB.prepare("DELETE FROM outbox WHERE id LIKE 'obx_poisonMany%'").run();
    }
  });

  it("re-drives a job stuck in a stage, and fails it after the re-drives run out", async () => {
    const capture = capturingQueues();
    const job = await submitArticleJob(capture.services(env), "ten_sweep", request, { traceId: TRACE, origin: "api" });
    capture.sent.length = 0;
    const store = new EventStore(env.DB);

    await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(60) }), [job.id]));
    expect(capture.sent.filter((m) => m.jobId === job.id)).toEqual([]);

    await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(901) }), [job.id]));
    const redriven = capture.sent.filter((m) => m.jobId === job.id);
    expect(redriven).toEqual([{ jobId: job.id, stage: "research", attempt: 1, traceId: TRACE }]);
    expect((await store.read(job.id)).at(-1)?.type).toBe("StageRedriven");

    // The re-driven message does the work the lost one never did.
    const { ports } = testPorts();
    await deliver(researchConsumer(ports, capture.services), redriven[0] as (typeof redriven)[number]);
    expect(foldJob(job.id, await store.read(job.id)).status).toBe("writing");

    for (const minutes of [30, 60, 90, 120]) {
      await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(minutes * 60) }), [job.id]));
    }
    const state = foldJob(job.id, await store.read(job.id));
    expect(state.status).toBe("failed");
    expect(state.error?.code).toBe("stuck");
    expect(state.redrives).toBe(3);
  });

  it("prunes sent outbox rows, idempotency keys and remembered hook calls past their retention, and nothing else", async () => {
    const day = 86_400_000;
    const now = Date.now();
    const iso = (ago: number) => new Date(now - ago).toISOString();
    const tenant = `ten_prune_${crypto.randomUUID()}`;
    const gone = { jobId: "job_gone", stage: "deliver", attempt: 1, traceId: TRACE };
    const outbox = (id: string, createdAgo: number, sentAgo: number | null) =>
      env.DB.prepare(
        "INSERT INTO outbox (id, queue, body, delay_seconds, created_at, sent_at) VALUES (?, 'deliver', ?, 0, ?, ?)",
      )
        .bind(id, JSON.stringify(gone), now - createdAgo, sentAgo === null ? null : now - sentAgo)
        .run();
    const key = (name: string, ago: number) =>
      env.DB.prepare(
        "INSERT INTO idempotency_keys (tenant_id, key, request_hash, response, created_at) VALUES (?, ?, '', '{}', ?)",
      )
        .bind(tenant, name, iso(ago))
        .run();
    const [sentLongAgo, sentRecently, neverSent] = [1, 2, 3].map(() => `obx_${crypto.randomUUID()}`);
    await outbox(sentLongAgo as string, 9 * day, 8 * day);
    await outbox(sentRecently as string, 9 * day, 1 * day);
    // Unsent and younger than OUTBOX_RESEND_AFTER_SECONDS: neither re-sent nor pruned.
    await outbox(neverSent as string, 1000, null);
    await key("api-old", 2 * day);
    await key("api-new", 1000);
    await key("hook:hook_a:id:msg_1", 2 * day);
    await key("hook:hook_a:sha256:abc", 8 * day);

    const result = await sweep(jobServices(env, { clock: { now: () => now } }));
    expect(result.pruned.outbox).toBeGreaterThanOrEqual(1);

    const outboxLeft = await env.DB.prepare("SELECT id FROM outbox WHERE id IN (?, ?, ?)")
      .bind(sentLongAgo, sentRecently, neverSent)
      .all<{ id: string }>();
    expect(outboxLeft.results.map((row) => row.id).sort()).toEqual([sentRecently, neverSent].sort());
    const keysLeft = await env.DB.prepare("SELECT key FROM idempotency_keys WHERE tenant_id = ? ORDER BY key")
      .bind(tenant)
      .all<{ key: string }>();
    expect(keysLeft.results.map((row) => row.key)).toEqual(["api-new", "hook:hook_a:id:msg_1"]);
  });

  it("re-sends the deliver message of a finished run whose deliveries were never planned, or stalled pending", async () => {
    const tenant = await createTenant("Lost deliveries");
    const endpoint = await call("/v1/webhooks", {
      method: "POST",
      headers: bearer(tenant.key),
      json: { url: "https://receiver.example.com/in" },
    });
    expect(endpoint.status).toBe(201);
    const capture = capturingQueues();
    const jobId = await finishedJob(tenant.id, { services: capture.services(env) });
    const deliverMessages = () => capture.sent.filter((m) => m.jobId === jobId && m.stage === "deliver");
    // The deliver message went out with the commit, then was lost (a crash of the local queues).
    capture.sent.length = 0;

    await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(60) }), [jobId]));
    expect(deliverMessages()).toEqual([]);
    await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(901) }), [jobId]));
    expect(deliverMessages()).toEqual([{ jobId, stage: "deliver", attempt: 1, traceId: TRACE_ID }]);

    // Planned and tried once, the receiver failing: pending until its retry is overdue by the stuck threshold.
    const failing = stubReceiver([503]);
    await driveDeliver(jobId, 1);
    failing.restore();
    capture.sent.length = 0;
    await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(901) }), [jobId]));
    expect(deliverMessages()).toEqual([]);
    await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(1000) }), [jobId]));
    expect(deliverMessages()).toEqual([{ jobId, stage: "deliver", attempt: 1, traceId: TRACE_ID }]);

    // Delivered once its retry is due: nothing is owed any more.
    const receiving = stubReceiver([200]);
    await waitPassed(jobId);
    await driveDeliver(jobId, 2);
    receiving.restore();
    capture.sent.length = 0;
    await sweep(ownJobs(jobServices(env, { queues: capture.queues, clock: later(2000) }), [jobId]));
    expect(deliverMessages()).toEqual([]);
  });

  it("owes a finished run nothing for an endpoint registered, re-enabled or subscribed after the run ended", async () => {
    const tenant = await createTenant("Late endpoints");
    const pausedId = await registerEndpoint(tenant.key, "https://paused.example.com/in", ["article.completed"]);
    await patchEndpoint(tenant.key, pausedId, { disabled: true });
    const failedOnlyId = await registerEndpoint(tenant.key, "https://failed-only.example.com/in", ["article.failed"]);
    const jobId = await finishedJob(tenant.id);
    // Its deliver message ran and, with no receiver subscribed, planned nothing.
    expect(await deliveredOn(jobId, 1)).toEqual([]);
    // Then the tenant registers an endpoint, re-enables the paused one and subscribes the other to completions.
    await registerEndpoint(tenant.key, "https://late.example.com/in", ["article.completed"]);
    await patchEndpoint(tenant.key, pausedId, { disabled: false });
    await patchEndpoint(tenant.key, failedOnlyId, { events: ["article.failed", "article.completed"] });
    expect(await sweptDeliverMessages(jobId, 901)).toEqual([]);
    // A deliver message that comes again plans nothing for them either.
    expect(await deliveredOn(jobId, 2)).toEqual([]);
  });

  it("still owes a run to an endpoint subscribed all along when other events are added to it, or the same ones given", async () => {
    for (const events of [["article.completed", "article.failed"], ["article.completed"]]) {
      const tenant = await createTenant("Patch events");
      const id = await registerEndpoint(tenant.key, "https://subscribed.example.com/in", ["article.completed"]);
      await tick();
      const jobId = await finishedJob(tenant.id);
      await tick();
      // The run ended while the endpoint took completions; its deliver message comes after the change.
      expect((await patchEndpoint(tenant.key, id, { events })).status).toBe(200);
      expect(await deliveredOn(jobId, 1), JSON.stringify(events)).toHaveLength(1);
    }
  });

  it("sends no deliver message again and again for an endpoint registered after the run once the job moves on", async () => {
    const tenant = await createTenant("Rated later");
    const jobId = await finishedJob(tenant.id);
    await deliveredOn(jobId, 1);
    await tick();
    await registerEndpoint(tenant.key, "https://late.example.com/in", ["article.completed"]);
    // A rating moves the job's row on after its run ended.
    const rated = await call(`/v1/articles/${jobId}/feedback`, {
      method: "POST",
      headers: bearer(tenant.key),
      json: { rating: 5 },
    });
    expect(rated.status).toBe(200);
    expect(await sweptDeliverMessages(jobId, 901)).toEqual([]);
  });

  it("keeps both of two PATCHes made at once, and reads an endpoint whose activation record is not a map", async () => {
    const tenant = await createTenant("Patch race");
    const id = await registerEndpoint(tenant.key, "https://race.example.com/in", ["article.completed"]);
    await patchEndpoint(tenant.key, id, { disabled: true });
    const jobId = await finishedJob(tenant.id, { failed: true });
    await tick();
    // Subscribed to failures and re-enabled at once, after the run failed: it is owed nothing of that run.
    const [events, enabled] = await Promise.all([
      patchEndpoint(tenant.key, id, { events: ["article.completed", "article.failed"] }),
      patchEndpoint(tenant.key, id, { disabled: false }),
    ]);
    expect([events.status, enabled.status]).toEqual([200, 200]);
    const row = await env.DB.prepare("SELECT active_since FROM webhook_endpoints WHERE id = ?").bind(id).first<{
      active_since: string;
    }>();
    expect(Object.keys(JSON.parse(row?.active_since ?? "{}")).sort()).toEqual(["article.completed", "article.failed"]);
    expect(await sweptDeliverMessages(jobId, 901)).toEqual([]);
    // A record that is no map of times (a plain time, say) reads as the endpoint's creation: nothing breaks.
    await env.DB.prepare("UPDATE webhook_endpoints SET active_since = created_at WHERE id = ?").bind(id).run();
    expect((await call("/v1/webhooks", { headers: bearer(tenant.key) })).status).toBe(200);
    await sweptDeliverMessages(jobId, 902);
  });
});
