import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AiSdkStructuredModel, type ModelTarget } from "../../src/adapters/writers/ai-sdk-model";
import {
  acquireProvider,
  emptyProviderGuard,
  type ProviderPolicy,
  providerStatus,
  reportProvider,
} from "../../src/core/guard/provider-guard";
import type { ProviderGuard } from "../../src/core/ports/guard";
import { apiError, generated } from "../writing-mock-model";

/** One clock for the guards and the model: sleeping moves it. */
function clock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

/** A provider's guard in memory with the guard's own logic, on the shared clock; it counts what it granted. */
function memoryGuard(now: () => number) {
  let state = emptyProviderGuard();
  const granted: { at: number; delayMs: number }[] = [];
  const guard: ProviderGuard = {
    acquire: async (policy, tokens, bookAheadMs) => {
      const result = acquireProvider(state, policy, now(), tokens, bookAheadMs);
      state = result.state;
      if (result.admission.granted) granted.push({ at: now(), delayMs: result.admission.delayMs ?? 0 });
      return result.admission;
    },
    report: async (policy, outcome) => {
      state = reportProvider(state, policy, now(), outcome);
    },
    status: async (policy) => providerStatus(state, policy, now()),
  };
  return { guard, granted };
}

function target(name: string, rpm: number, sent: { provider: string; at: number }[], now: () => number): ModelTarget {
  const model = new MockLanguageModelV4({
    doGenerate: async () => {
      sent.push({ provider: name, at: now() });
      return generated(JSON.stringify({ answer: "yes" }), 10, 5);
    },
  });
  const policy: ProviderPolicy = { limits: { rpm, tpm: 1_000_000, burstSeconds: 1 } };
  return { provider: name, model: `${name}-m`, weight: 1, maxConcurrency: 4, languageModel: () => model, policy };
}

const CALL = {
  purpose: "outline",
  system: "s",
  prompt: "p",
  schema: z.object({ answer: z.string() }),
  maxOutputTokens: 50,
};

describe("a call that finds every provider busy", () => {
  it("books the provider whose capacity comes back first and goes out the moment it is free, without jitter", async () => {
    const c = clock();
    const sent: { provider: string; at: number }[] = [];
    const fast = memoryGuard(c.now);
    const slow = memoryGuard(c.now);
    const targets = [target("fast", 60, sent, c.now), target("slow", 6, sent, c.now)];
    const guards: Record<string, ProviderGuard> = { fast: fast.guard, slow: slow.guard };
    const model = new AiSdkStructuredModel(targets, {
      prices: {},
      modes: new Map(),
      now: c.now,
      sleep: c.sleep,
      random: () => 0.99,
      guard: (name) => guards[name] as ProviderGuard,
    });
    // Both buckets hold one request (one second of burst); the first two calls empty them.
    for (let i = 0; i < 2; i += 1) await model.generate(CALL, () => {});
    expect(sent.map((s) => s.at)).toEqual([0, 0]);
    // Now "fast" is free again in 1 s and "slow" in 10 s: every further call books "fast", one second apart.
    for (let i = 0; i < 3; i += 1) await model.generate(CALL, () => {});
    expect(sent.slice(2)).toEqual([
      { provider: "fast", at: 1000 },
      { provider: "fast", at: 2000 },
      { provider: "fast", at: 3000 },
    ]);
    // Each wait is exactly the booked delay: no jittered sleep after a refusal.
    expect(c.sleeps).toEqual([1000, 1000, 1000]);
  });

  it("waits out a 429 on its booked slot and asks again, instead of failing the try", async () => {
    const c = clock();
    const sent: number[] = [];
    const only = memoryGuard(c.now);
    const model429 = new MockLanguageModelV4({
      doGenerate: async () => {
        sent.push(c.now());
        if (sent.length === 2) throw apiError(429, { "retry-after": "2" });
        return generated(JSON.stringify({ answer: "yes" }), 10, 5);
      },
    });
    const busy: ModelTarget = {
      ...target("busy", 60, [], c.now),
      languageModel: () => model429,
    };
    const model = new AiSdkStructuredModel([busy], {
      prices: {},
      modes: new Map(),
      now: c.now,
      sleep: c.sleep,
      random: () => 0,
      guard: () => only.guard,
    });
    await model.generate(CALL, () => {});
    // The bucket is empty: the call books the slot at 1 s, where the provider answers 429 "retry after 2 s".
    await expect(model.generate(CALL, () => {})).resolves.toMatchObject({ ok: true });
    expect(sent).toHaveLength(3);
    expect(sent[1]).toBe(1000);
    expect(sent[2]).toBeGreaterThanOrEqual(3000);
  });

  it("still fails the call with the wait named when no slot comes within the scheduling deadline", async () => {
    const c = clock();
    const sent: { provider: string; at: number }[] = [];
    const only = memoryGuard(c.now);
    const model = new AiSdkStructuredModel([target("slow", 1, sent, c.now)], {
      prices: {},
      modes: new Map(),
      now: c.now,
      sleep: c.sleep,
      maxScheduleWaitMs: 5_000,
      guard: () => only.guard,
    });
    await model.generate(CALL, () => {});
    await expect(model.generate(CALL, () => {})).rejects.toMatchObject({ code: "provider_capacity" });
    expect(sent).toHaveLength(1);
    expect(only.granted).toEqual([{ at: 0, delayMs: 0 }]);
  });
});
