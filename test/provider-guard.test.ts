import {
  createExecutionContext,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { seeded } from "../scripts/lib/seeded.mjs";
import { MetricRollups } from "../src/adapters/metrics/rollup";
import { AiSdkStructuredModel, type ModelTarget } from "../src/adapters/writers/ai-sdk-model";
import { edgeServices } from "../src/composition/edge";
import { TransientError } from "../src/core/errors";
import {
  acquireProvider,
  emptyProviderGuard,
  type ProviderGuardState,
  type ProviderPolicy,
  providerStatus,
  reportProvider,
} from "../src/core/guard/provider-guard";
import type { ProviderGuard } from "../src/core/ports/guard";
import { LlmWriter } from "../src/core/writing/llm-writer";
import { OutlineSchema } from "../src/core/writing/outline";
import { selectProvider } from "../src/core/writing/select-provider";
import type { Guard } from "../src/durable/guard";
import worker from "../src/index";
import { ADMIN, call } from "./helpers";
import { FRAMING, generated, OUTLINE, promptOf, purposeOf, section, write } from "./writing-mock-model";

const policy: ProviderPolicy = {
  limits: { rpm: 60, tpm: 1_000_000 },
  breaker: { failureThreshold: 3, coolDownMs: 10_000 },
};
const failure = { ok: false, latencyMs: 5, reservedTokens: 0, usedTokens: 0, observed: {}, error: "status 500" };

describe("the provider guard (Durable Object)", () => {
  it("opens the breaker, sets the alarm, goes half-open on it, lets one probe through and closes on success", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("provider:breaker-test"));
    let now = 1_000_000;
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    for (let i = 0; i < 3; i += 1) await stub.reportProvider("p", policy, failure);
    expect((await stub.providerStatus("p", policy)).breaker).toBe("open");
    expect(await stub.acquireProvider("p", policy, 100)).toMatchObject({
      granted: false,
      reason: "breaker_open",
      waitMs: 10_000,
    });
    expect(await runInDurableObject(stub, (_guard: Guard, state) => state.storage.getAlarm())).not.toBeNull();

    const stored = () =>
      runInDurableObject(stub, (_guard: Guard, state) => {
        const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM providers WHERE name = 'p'").one();
        const timers = state.storage.sql.exec<{ name: string; due_at: number }>("SELECT name, due_at FROM timers");
        return { breaker: (JSON.parse(row.state) as ProviderGuardState).breaker.status, timers: timers.toArray() };
      });
    expect(await stored()).toEqual({ breaker: "open", timers: [{ name: "breaker:p", due_at: now + 10_000 }] });

    now += 10_000;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // The alarm itself turned the stored breaker half-open (not only a read that applies the cool-down).
    expect(await stored()).toEqual({ breaker: "half-open", timers: [] });
    expect((await stub.providerStatus("p", policy)).breaker).toBe("half-open");
    expect(await stub.acquireProvider("p", policy, 100)).toMatchObject({ granted: true, probe: true });
    expect(await stub.acquireProvider("p", policy, 100)).toMatchObject({ granted: false, reason: "breaker_open" });
    await stub.reportProvider("p", policy, { ...failure, ok: true, error: undefined });
    const status = await stub.providerStatus("p", policy);
    expect(status.breaker).toBe("closed");
    expect(status.recentErrors).toHaveLength(3);
    expect(status.latencyMs.p50).toBe(5);
  });

  it("counts each breaker state entered and each failed call in the metrics", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("provider:metrics-test"));
    let now = 9_000_000;
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    for (let i = 0; i < 3; i += 1) await stub.reportProvider("metrics-p", policy, failure);
    await stub.reportProvider("metrics-p", policy, { ...failure, rateLimited: true, error: "status 429" });
    now += 10_000;
    await runDurableObjectAlarm(stub);
    await stub.acquireProvider("metrics-p", policy, 100);
    await stub.reportProvider("metrics-p", policy, { ...failure, ok: true, error: undefined });
    const figures = await vi.waitFor(
      async () => {
        const mine = (await new MetricRollups(env.DB).totals("")).filter((s) => s.labels.provider === "metrics-p");
        const value = (metric: string, labels: Record<string, string>) =>
          mine.find((s) => s.metric === metric && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
        const seen = {
          open: value("optiblog_breaker_transitions_total", { to: "open" }),
          halfOpen: value("optiblog_breaker_transitions_total", { to: "half-open" }),
          closed: value("optiblog_breaker_transitions_total", { to: "closed" }),
          unwell: value("optiblog_llm_errors_total", { kind: "unwell" }),
          rateLimited: value("optiblog_llm_errors_total", { kind: "rate_limited" }),
        };
        expect(seen.closed).toBeDefined();
        return seen;
      },
      { timeout: 10_000 },
    );
    expect(figures).toEqual({ open: 1, halfOpen: 1, closed: 1, unwell: 3, rateLimited: 1 });
  });

  it("replaces a half-open probe that never reports, instead of refusing every call for good", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("provider:lost-probe-test"));
    let now = 7_000_000;
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    const probing = { ...policy, breaker: { ...policy.breaker, probeTimeoutMs: 60_000 } };
    for (let i = 0; i < 3; i += 1) await stub.reportProvider("p", probing, failure);
    now += 10_000;
    await runDurableObjectAlarm(stub);
    expect(await stub.acquireProvider("p", probing, 100)).toMatchObject({ granted: true, probe: true });
    // The probe's worker is killed mid-call: no report ever comes. Until its time is up the provider waits for it…
    now += 59_000;
    expect(await stub.acquireProvider("p", probing, 100)).toMatchObject({ granted: false, reason: "breaker_open" });
    // …then the next call is the probe, and its success closes the breaker.
    now += 1_000;
    expect(await stub.acquireProvider("p", probing, 100)).toMatchObject({ granted: true, probe: true });
    expect(await stub.acquireProvider("p", probing, 100)).toMatchObject({ granted: false, reason: "breaker_open" });
    await stub.reportProvider("p", probing, { ...failure, ok: true, error: undefined });
    expect((await stub.providerStatus("p", probing)).breaker).toBe("closed");
    expect(await stub.acquireProvider("p", probing, 100)).toMatchObject({ granted: true, probe: false });
  });

  it("gives back a half-open probe that got a 429, so the next caller probes after the provider's wait", () => {
    const quick = { ...policy, breaker: { ...policy.breaker, probeTimeoutMs: 120_000 } };
    let state: ProviderGuardState = emptyProviderGuard();
    for (let i = 0; i < 3; i += 1) state = reportProvider(state, quick, 0, failure);
    const probe = acquireProvider(state, quick, 10_000, 100);
    expect(probe.admission).toMatchObject({ granted: true, probe: true });
    state = reportProvider(probe.state, quick, 10_100, {
      ...failure,
      ok: true,
      rateLimited: true,
      error: "status 429",
      observed: { retryAfterMs: 2_000 },
    });
    const next = acquireProvider(state, quick, 13_000, 100);
    expect(next.admission).toMatchObject({ granted: true, probe: true });
  });

  it("reopens when the half-open probe fails", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("provider:reopen-test"));
    let now = 5_000_000;
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    for (let i = 0; i < 3; i += 1) await stub.reportProvider("p", policy, failure);
    now += 10_000;
    await runDurableObjectAlarm(stub);
    await stub.acquireProvider("p", policy, 100);
    await stub.reportProvider("p", policy, failure);
    expect((await stub.providerStatus("p", policy)).breaker).toBe("open");
    expect(await runInDurableObject(stub, (_g: Guard, state) => state.storage.getAlarm())).not.toBeNull();
  });
});

/** A provider guard in memory over the same pure policy, on a driven clock. */
function memoryGuard(clock: { now: number }) {
  let state: ProviderGuardState = emptyProviderGuard();
  const guard: ProviderGuard = {
    acquire: async (p, tokens) => {
      const r = acquireProvider(state, p, clock.now, tokens);
      state = r.state;
      return r.admission;
    },
    report: async (p, outcome) => {
      state = reportProvider(state, p, clock.now, outcome);
    },
    status: async (p) => providerStatus(state, p, clock.now),
  };
  return guard;
}

const VALID: Record<string, string> = {
  outline: JSON.stringify(OUTLINE),
  framing: JSON.stringify(FRAMING),
  section: section(),
};

function mockProvider(name: string, weight: number, fail?: (n: number) => Error | undefined) {
  let calls = 0;
  const model = new MockLanguageModelV4({
    doGenerate: async (call) => {
      calls += 1;
      const error = fail?.(calls);
      if (error) throw error;
      const prompt = promptOf(call);
      return generated(VALID[purposeOf(prompt)] ?? "{}", 100, 20);
    },
  });
  const target: ModelTarget = {
    provider: name,
    model: name,
    weight,
    maxConcurrency: 2,
    languageModel: () => model,
    policy: { limits: { rpm: 6000, tpm: 10_000_000 }, breaker: { failureThreshold: 2, coolDownMs: 60_000 } },
  };
  return { target, calls: () => calls };
}

const status500 = () =>
  new APICallError({ message: "boom", url: "u", requestBodyValues: {}, statusCode: 500, isRetryable: true });

describe("health-aware routing", () => {
  it("draws providers in proportion to their weights", () => {
    const random = seeded(42);
    const picks = { a: 0, b: 0 };
    const providers = [
      { name: "a" as const, weight: 2 },
      { name: "b" as const, weight: 1 },
    ];
    for (let i = 0; i < 3000; i += 1) picks[selectProvider(providers, random).name] += 1;
    expect(picks.a / 3000).toBeGreaterThan(0.63);
    expect(picks.a / 3000).toBeLessThan(0.7);
  });

  it("sends calls to the other provider once one's breaker has opened", async () => {
    const clock = { now: 0 };
    const guards = new Map([
      ["a", memoryGuard(clock)],
      ["b", memoryGuard(clock)],
    ]);
    const a = mockProvider("a", 1000, () => status500());
    const b = mockProvider("b", 1);
    const model = new AiSdkStructuredModel([a.target, b.target], {
      prices: {},
      maxRetries: 0,
      random: () => 0,
      modes: new Map(),
      guard: (name) => guards.get(name) as ProviderGuard,
    });
    const first = await write(new LlmWriter("llm:t", model));
    expect(first.usage.filter((u) => u.outputTokens > 0).every((u) => u.provider === "b")).toBe(true);
    // Two failures open a's breaker (calls already admitted in parallel may add one); then a gets nothing.
    expect((await guards.get("a")?.status(a.target.policy as ProviderPolicy))?.breaker).toBe("open");
    const failedCalls = a.calls();
    expect(failedCalls).toBeLessThanOrEqual(3);
    const second = await write(new LlmWriter("llm:t", model));
    expect(a.calls()).toBe(failedCalls);
    expect(second.usage.every((u) => u.provider === "b")).toBe(true);
  });

  it("skips a provider without capacity and names the wait when none has any", async () => {
    const clock = { now: 0 };
    const guards = new Map([
      ["a", memoryGuard(clock)],
      ["b", memoryGuard(clock)],
    ]);
    const a = mockProvider("a", 2);
    const b = mockProvider("b", 1);
    const tight = (t: ModelTarget): ModelTarget => ({ ...t, policy: { limits: { rpm: 10, tpm: 1_000_000 } } });
    const model = new AiSdkStructuredModel([tight(a.target), tight(b.target)], {
      prices: {},
      maxRetries: 0,
      random: () => 0,
      modes: new Map(),
      guard: (name) => guards.get(name) as ProviderGuard,
      maxScheduleWaitMs: 5_000,
    });
    // 10 RPM with 6 s of burst: one request each, then one every 6 s.
    const ask = () =>
      model.generate(
        { purpose: "outline", system: "s", prompt: "Plan an article", schema: OutlineSchema, maxOutputTokens: 100 },
        () => {},
      );
    expect((await ask()).provider).toBe("a");
    expect((await ask()).provider).toBe("b");
    const error = await ask().catch((e) => e);
    expect(a.calls()).toBe(1);
    expect(b.calls()).toBe(1);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("provider_capacity");
    expect(error.retryAfterSeconds).toBe(6);
  });
});

describe("GET /v1/admin/providers", () => {
  it("needs the admin token and lists the configured providers", async () => {
    expect((await call("/v1/admin/providers")).status).toBe(401);
    const listed = await call("/v1/admin/providers", { headers: ADMIN });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ data: [] });
  });

  it.each(["[{", JSON.stringify([{ name: "x", type: "nope", model: "m" }])])(
    "answers a 503 misconfigured problem naming LLM_PROVIDERS %j that does not parse, not an unhandled 500",
    async (providers) => {
      const request = new Request("http://localhost/v1/admin/providers", {
        headers: ADMIN,
      }) as unknown as Request<unknown, IncomingRequestCfProperties>;
      const ctx = createExecutionContext();
      const response = await worker.fetch(request, { ...env, LLM_PROVIDERS: providers } as Env, ctx);
      await waitOnExecutionContext(ctx);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await response.json()) as { type: string; detail: string };
      expect(problem.type).toBe("/problems/misconfigured");
      expect(problem.detail).toMatch(/^LLM_PROVIDERS is not valid: /);
    },
  );

  it("shows each provider's breaker, capacity, recent errors and latency from its guard", async () => {
    const providers = [
      {
        name: "admin-a",
        type: "openai-compatible",
        model: "m",
        baseUrl: "http://127.0.0.1:9/v1",
        rpm: 60,
        breaker: { failureThreshold: 2 },
      },
      { name: "admin-b", type: "openai-compatible", model: "m", baseUrl: "http://127.0.0.1:9/v1", rpm: 30 },
    ];
    const configured = { ...env, LLM_PROVIDERS: JSON.stringify(providers) } as Env;
    const a = env.GUARD.get(env.GUARD.idFromName("provider:admin-a"));
    const aPolicy = { limits: { rpm: 60, tpm: 1_000_000_000 }, breaker: { failureThreshold: 2 } };
    await a.reportProvider("admin-a", aPolicy, failure);
    await a.reportProvider("admin-a", aPolicy, failure);
    const health = await edgeServices(configured).providerHealth();
    expect(health.map((p) => [p.name, p.breaker])).toEqual([
      ["admin-a", "open"],
      ["admin-b", "closed"],
    ]);
    expect(health[0]?.recentErrors.map((e) => e.error)).toEqual(["status 500", "status 500"]);
    expect(health[1]?.remaining).toEqual({ requests: 3, tokens: 100_000_000 });
    expect(health[1]?.limits.rpm).toBe(30);
  });
});

describe("scheduled waits", () => {
  it("waits in place for the earliest free provider when that comes soon, instead of failing the draft", async () => {
    const clock = { now: 0 };
    const guards = new Map([["a", memoryGuard(clock)]]);
    const a = mockProvider("a", 1);
    const slept: number[] = [];
    const model = new AiSdkStructuredModel([{ ...a.target, policy: { limits: { rpm: 10, tpm: 1_000_000 } } }], {
      prices: {},
      maxRetries: 0,
      random: () => 0,
      modes: new Map(),
      now: () => clock.now,
      sleep: async (ms) => {
        slept.push(ms);
        clock.now += ms;
      },
      guard: (name) => guards.get(name) as ProviderGuard,
    });
    const ask = () =>
      model.generate(
        { purpose: "outline", system: "s", prompt: "Plan an article", schema: OutlineSchema, maxOutputTokens: 100 },
        () => {},
      );
    await ask();
    const second = await ask();
    expect(second.ok).toBe(true);
    expect(slept).toEqual([6_000]);
    expect(a.calls()).toBe(2);
  });
});
