import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { jobServices } from "../src/composition/jobs";
import { regenerateJob } from "../src/core/app/commands";
import { reportKeywordOutcome } from "../src/core/app/keyword-outcome";
import type { JobPorts } from "../src/core/app/ports";
import { KeywordBreakerOpen, submitArticleJob } from "../src/core/app/submit";
import type { NewEvent } from "../src/core/jobs/events";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import type { Guard } from "../src/durable/guard";
import { createLogger } from "../src/logger";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { writeConsumer } from "../src/queues/write";
import { bearer, call, createTenant } from "./helpers";
import { capturingQueues, deliver, testPorts } from "./jobs-fixtures";
import { fixtureReport } from "./research-fixtures";

const HOUR = 60 * 60_000;
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

function keywordGuard(tenantId: string, keyword: string) {
  return env.GUARD.get(env.GUARD.idFromName(`keyword:${tenantId}:${keyword}`));
}

/** Submits a job for the tenant and runs its messages to the end with the given research. */
async function runJob(tenantId: string, keyword: string, ok: boolean) {
  const capture = capturingQueues();
  const { ports } = testPorts({ research: async () => fixtureReport(keyword, ok) });
  const consumers = {
    research: researchConsumer(ports, capture.services),
    write: writeConsumer(ports, capture.services),
  };
  const job = await submitArticleJob(capture.services(env), tenantId, ArticleRequestSchema.parse({ keyword }), {
    traceId: TRACE,
    origin: "api",
  });
  while (capture.sent.length) {
    const message = capture.sent.shift() as StageMessage;
    if (message.stage !== "deliver") await deliver(consumers[message.stage], message);
  }
  return job;
}

describe("keyword breaker", { timeout: 30_000 }, () => {
  it("opens after three failed jobs, goes half-open on its alarm, lets one probe through and closes on its success", async () => {
    // Real times, so the alarm lies ahead and runs only when the test runs it.
    let now = Date.now() + HOUR;
    const stub = keywordGuard("ten_kwb1", "compost");
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    await stub.reportKeywordJob(false);
    await stub.reportKeywordJob(true);
    await stub.reportKeywordJob(false);
    await stub.reportKeywordJob(false);
    expect(await stub.admitKeywordJob()).toEqual({ allowed: true, probe: false });
    await stub.reportKeywordJob(false);
    expect(await stub.admitKeywordJob()).toEqual({ allowed: false, retryAfterSeconds: 900 });
    now += 10 * 60_000;
    expect(await stub.admitKeywordJob()).toEqual({ allowed: false, retryAfterSeconds: 300 });

    now += 5 * 60_000;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, (_guard: Guard, state) => {
      const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM keyword_breaker").one();
      expect(JSON.parse(row.state).status).toBe("half-open");
    });
    expect(await stub.admitKeywordJob()).toEqual({ allowed: true, probe: true });
    expect(await stub.admitKeywordJob()).toMatchObject({ allowed: false });
    await stub.reportKeywordJob(true);
    expect(await stub.admitKeywordJob()).toEqual({ allowed: true, probe: false });
  });

  it("gives back the half-open breaker's probe when the probe job fails for a reason that says nothing of the keyword", async () => {
    let now = Date.now() + HOUR;
    const tenantId = "ten_kwb_budget";
    const stub = keywordGuard(tenantId, "compost");
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    for (let i = 0; i < 3; i++) await stub.reportKeywordJob(false);
    now += 15 * 60_000;
    expect(await stub.admitKeywordJob()).toEqual({ allowed: true, probe: true });
    const job = { tenantId, request: ArticleRequestSchema.parse({ keyword: "Compost" }) };
    const ended: NewEvent[] = [
      {
        type: "ArticleFailed",
        data: { code: "budget_exceeded", message: "The job's token budget is spent", stage: "write" },
      },
    ];
    now += 60_000;
    await reportKeywordOutcome(jobServices(env).guards, job, ended, createLogger("error"));
    // The next job probes at once instead of being refused until the probe's timeout.
    expect(await stub.admitKeywordJob()).toEqual({ allowed: true, probe: true });
    expect(await stub.admitKeywordJob()).toMatchObject({ allowed: false });
  });

  it("leaves the breaker closed when the keyword's jobs fail in a row for reasons of our side", async () => {
    const tenantId = "ten_kwb_ours";
    const stub = keywordGuard(tenantId, "compost");
    const job = { tenantId, request: ArticleRequestSchema.parse({ keyword: "compost" }) };
    const failed = (code: string): NewEvent[] => [
      { type: "ArticleFailed", data: { code, message: "failed", stage: "write" } },
    ];
    for (const code of ["provider_capacity", "writer_misconfigured", "search_http_403", "provider_auth"])
      await reportKeywordOutcome(jobServices(env).guards, job, failed(code), createLogger("error"));
    expect(await stub.admitKeywordJob()).toEqual({ allowed: true, probe: false });
    // Failures that may be the keyword's still open it.
    for (const code of ["no_usable_sources", "invalid_model_output", "stuck"])
      await reportKeywordOutcome(jobServices(env).guards, job, failed(code), createLogger("error"));
    expect(await stub.admitKeywordJob()).toMatchObject({ allowed: false });
  });

  it("gives back the half-open breaker's probe when the probe job it admitted cannot be recorded", async () => {
    let now = Date.now() + HOUR;
    const tenantId = "ten_kwb_commit";
    const stub = keywordGuard(tenantId, "compost");
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    for (let i = 0; i < 3; i++) await stub.reportKeywordJob(false);
    now += 15 * 60_000;
    const services = capturingQueues().services(env);
    const unrecorded = {
      ...services,
      store: {
        load: (jobId: string) => services.store.load(jobId),
        commit: async (): Promise<never> => {
          throw new Error("D1 unavailable");
        },
      },
    };
    const request = ArticleRequestSchema.parse({ keyword: "compost" });
    const submitted = submitArticleJob(unrecorded, tenantId, request, { traceId: TRACE, origin: "api" });
    await expect(submitted).rejects.toThrow("D1 unavailable");
    expect(await stub.admitKeywordJob()).toEqual({ allowed: true, probe: true });
  });

  it("counts the keyword's failed jobs as they end and then refuses new ones", async () => {
    const tenantId = "ten_kwb2";
    for (let i = 0; i < 3; i++) {
      const job = await runJob(tenantId, "soggy compost", false);
      const row = await env.DB.prepare("SELECT error_code FROM jobs WHERE id = ?").bind(job.id).first();
      expect(row).toEqual({ error_code: "no_usable_sources" });
    }
    const refused = await submitArticleJob(
      capturingQueues().services(env),
      tenantId,
      ArticleRequestSchema.parse({ keyword: "Soggy  Compost" }),
      { traceId: TRACE, origin: "api" },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KeywordBreakerOpen);
    expect((refused as KeywordBreakerOpen).retryAfterSeconds).toBeGreaterThan(800);
    // Another keyword of the tenant is not affected.
    await expect(runJob(tenantId, "hot compost", true)).resolves.toMatchObject({ status: "queued" });
  });

  it("answers POST /v1/articles for an open keyword with 503 problem+json and Retry-After", async () => {
    const { id, key } = await createTenant("Keyword breaker");
    const stub = keywordGuard(id, "worm bins");
    for (let i = 0; i < 3; i++) await stub.reportKeywordJob(false);
    const res = await call("/v1/articles", { method: "POST", headers: bearer(key), json: { keyword: "Worm Bins" } });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(await res.json()).toMatchObject({ type: "/problems/service-unavailable", status: 503 });
    const other = await call("/v1/articles", { method: "POST", headers: bearer(key), json: { keyword: "leaf mould" } });
    expect(other.status).toBe(202);
  });
});

describe("regeneration rate", { timeout: 30_000 }, () => {
  it("answers a regeneration past the article's hourly allowance with 429 problem+json and Retry-After", async () => {
    const { id, key } = await createTenant("Regenerations");
    const job = await runJob(id, "compost tea", true);
    const regenerate = () =>
      call(`/v1/articles/${job.id}/regenerate`, { method: "POST", headers: bearer(key), json: { from: "write" } });
    // Four of the five regenerations of the hour are used up already.
    await keywordGuard(id, "compost tea").rateLimit(`regenerate:${job.id}`, { capacity: 5, windowMs: HOUR }, 4);
    expect((await regenerate()).status).toBe(202);
    const capture = capturingQueues();
    const { ports } = testPorts();
    const write = writeConsumer(ports, capture.services);
    await deliver(write, { jobId: job.id, stage: "write", attempt: 2, traceId: TRACE });

    const res = await regenerate();
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ type: "/problems/rate-limited", status: 429 });
  });

  it("gives the allowance back when the regeneration it was taken for is refused, as when a racing one got there first", async () => {
    const { id } = await createTenant("Regeneration race");
    const job = await runJob(id, "leaf mould", true);
    const ports = capturingQueues().services(env);
    // The racing request takes its own regeneration and commits it between this one's take and its commit.
    let raced = false;
    const racing: JobPorts = {
      ...ports,
      guards: {
        operation: (name) => ports.guards.operation(name),
        tenant: (tenantId) => ports.guards.tenant(tenantId),
        keyword: (tenantId, keyword) => {
          const guard = ports.guards.keyword(tenantId, keyword);
          return {
            ...guard,
            limitRegeneration: async (jobId, perHour) => {
              const decision = await guard.limitRegeneration(jobId, perHour);
              if (!raced) {
                raced = true;
                expect(await regenerateJob(ports, id, job.id, "write", TRACE)).toMatchObject({ ok: true });
              }
              return decision;
            },
          };
        },
      },
    };
    expect(await regenerateJob(racing, id, job.id, "write", TRACE)).toMatchObject({
      ok: false,
      refused: expect.any(String),
    });
    // Only the regeneration that happened is counted: four of the hour's five are left.
    const left = await keywordGuard(id, "leaf mould").rateLimit(
      `regenerate:${job.id}`,
      { capacity: 5, windowMs: HOUR },
      0,
    );
    expect(left.remaining).toBe(4);
  });
});
