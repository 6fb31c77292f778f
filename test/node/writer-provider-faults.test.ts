import { LoadAPIKeyError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_RETRY_AFTER_MS, retryAfterMs } from "../../src/adapters/retry-after";
import { AiSdkStructuredModel, type ModelTarget, wrappedJson } from "../../src/adapters/writers/ai-sdk-model";
import { toTypedError } from "../../src/adapters/writers/errors";
import { capBinding, createLanguageModel } from "../../src/adapters/writers/providers";
import { createWriter } from "../../src/composition/writers";
import type { CallUsage } from "../../src/core/article/model";
import { settlementOf } from "../../src/core/jobs/settle";
import { ProviderConfigSchema } from "../../src/core/writing/llm-config";
import { LlmWriter } from "../../src/core/writing/llm-writer";
import { apiError, FRAMING, generated, OUTLINE, promptOf, purposeOf, section, write } from "../writing-mock-model";

const call = { purpose: "probe", system: "s", prompt: "p", schema: z.object({ ok: z.boolean() }), maxOutputTokens: 10 };

/** A provider whose n-th answer comes from `reply`, counting its calls. */
function target(name: string, reply: (n: number) => Error | string): ModelTarget & { calls: () => number } {
  let n = 0;
  const model = new MockLanguageModelV4({
    doGenerate: async () => {
      const answer = reply(++n);
      if (answer instanceof Error) throw answer;
      return generated(answer, 10, 5);
    },
  });
  return {
    provider: name,
    model: `${name}-m`,
    weight: 1,
    maxConcurrency: 2,
    languageModel: () => model,
    calls: () => n,
  };
}

/** An OpenAI-compatible server named `local`, built as the pipeline builds it, answering through `fetch`. */
function localServer(fetch: typeof globalThis.fetch): ModelTarget {
  const config = ProviderConfigSchema.parse({
    name: "local",
    type: "openai-compatible",
    model: "m",
    baseUrl: "http://127.0.0.1:9/v1",
  });
  const languageModel = createLanguageModel(config, { fetch });
  return { provider: "local", model: "m", weight: 1, maxConcurrency: 1, languageModel: () => languageModel };
}

/** The model over `targets`, the first drawn first, with no real sleeping. */
const modelOf = (targets: ModelTarget[], extra = {}) =>
  new AiSdkStructuredModel(targets, {
    prices: {},
    baseDelayMs: 1,
    random: () => 0,
    modes: new Map(),
    sleep: async () => {},
    ...extra,
  });

describe("Retry-After as providers and proxies send it", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delay-seconds and an HTTP-date, and nothing else as a date", () => {
    expect(retryAfterMs("5", now)).toBe(5000);
    expect(retryAfterMs(" 1.5 ", now)).toBe(1500);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    for (const unreadable of ["5, 10", "try 5", "-5", "1e3", "soon", "2026-01-01T00:01:00Z"])
      expect(retryAfterMs(unreadable, now), unreadable).toBeUndefined();
  });

  it("takes a wait of centuries as twelve hours, the longest a queue message is delayed", () => {
    expect(retryAfterMs("99999999999", now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs("Fri, 01 Jan 2100 00:00:00 GMT", now)).toBe(MAX_RETRY_AFTER_MS);
    const typed = toTypedError(apiError(429, { "retry-after": "99999999999" }), "a");
    const settled = settlementOf(typed, 1, 5, () => 1);
    expect(settled).toEqual({ kind: "wait", delaySeconds: 43_200 });
  });

  it("gives an unreadable Retry-After on a 429 the default wait, not none", () => {
    const typed = toTypedError(apiError(429, { "retry-after": "5, 10" }), "a") as { retryAfterSeconds?: number };
    expect(typed.retryAfterSeconds).toBe(30);
  });
});

describe("provider failures that are not the request's fault", () => {
  it("retries a 200 whose body broke off, as it would a 5xx", async () => {
    let n = 0;
    const fetch = (async () => {
      n++;
      if (n === 1)
        return new Response('{"id":"c1","object":"chat.completion","choices":[{"index":0,"mess', {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      return Response.json({
        id: "c1",
        object: "chat.completion",
        created: 0,
        model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: '{"ok":true}' }, finish_reason: "stop" }],
        usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      });
    }) as typeof globalThis.fetch;
    const model = modelOf([localServer(fetch)]);
    await expect(model.generate(call, () => {})).resolves.toMatchObject({ ok: true, value: { ok: true } });
    expect(n).toBe(2);
  });

  it("hands a Workers AI binding error it has no code for to the next provider", async () => {
    const { createWorkersAI } = await import("workers-ai-provider");
    const binding = {
      run: async () => {
        throw new Error("InferenceUpstreamError: 3043: Internal server error");
      },
    } as unknown as Ai;
    const languageModel = createWorkersAI({ binding })("@cf/meta/llama-3.1-8b-instruct" as never);
    const other = target("b", () => '{"ok":true}');
    const model = modelOf(
      [{ provider: "wai", model: "m", weight: 1, maxConcurrency: 1, languageModel: () => languageModel }, other],
      { maxRetries: 0 },
    );
    await expect(model.generate(call, () => {})).resolves.toMatchObject({ ok: true, provider: "b" });
  });
});

describe("failover when one provider cannot serve the call", () => {
  it("hands the call on when a provider refuses its key or no longer serves its model, and asks it once", async () => {
    for (const refusal of [apiError(401), apiError(403), apiError(404, {}, { message: "model decommissioned" })]) {
      const broken = target("a", () => refusal);
      const healthy = target("b", () => '{"ok":true}');
      await expect(modelOf([broken, healthy]).generate(call, () => {})).resolves.toMatchObject({ provider: "b" });
      expect(broken.calls()).toBe(1);
      expect(healthy.calls()).toBe(1);
    }
  });

  it("fails with the rejection when every provider rejects the call", async () => {
    const error = await modelOf([target("a", () => apiError(401)), target("b", () => apiError(400))])
      .generate(call, () => {})
      .catch((e) => e);
    expect(error).toMatchObject({ name: "PermanentError", code: "provider_rejected" });
  });

  it("reports a refused key to the provider's guard as a failure, so its breaker can open", async () => {
    const outcomes: { ok: boolean; error?: string }[] = [];
    const guard = {
      acquire: async () => ({ granted: true as const, reservedTokens: 0, delayMs: 0 }),
      report: async (_policy: unknown, outcome: { ok: boolean; error?: string }) => void outcomes.push(outcome),
      status: async () => {
        throw new Error("not read here");
      },
    };
    await modelOf([target("a", () => apiError(401))], { guard: () => guard as never })
      .generate(call, () => {})
      .catch(() => {});
    expect(outcomes).toEqual([expect.objectContaining({ ok: false, error: "a rejected the credentials" })]);
    outcomes.length = 0;
    await modelOf([target("a", () => apiError(400))], { guard: () => guard as never })
      .generate(call, () => {})
      .catch(() => {});
    expect(outcomes).toEqual([expect.objectContaining({ ok: true })]);
  });

  it("waits for a provider that asked for a moment while the other is down, instead of failing the call", async () => {
    const down = target("a", () => apiError(503));
    const limited = target("b", (n) => (n === 1 ? apiError(429, { "retry-after": "2" }) : '{"ok":true}'));
    const slept: number[] = [];
    const model = modelOf([down, limited], { maxRetries: 0, sleep: async (ms: number) => void slept.push(ms) });
    await expect(model.generate(call, () => {})).resolves.toMatchObject({ ok: true, provider: "b" });
    expect(down.calls()).toBe(1);
    expect(limited.calls()).toBe(2);
    expect(Math.min(...slept)).toBeGreaterThanOrEqual(2000);
  });
});

describe("JSON a model wraps", () => {
  it("reads an answer in a code fence or after a line of prose in one call, and repairs what is not JSON", async () => {
    for (const [answer, calls] of [
      ['```json\n{"ok":true}\n```', 1],
      ['```\n{"ok": true}\n```\n', 1],
      ['Here is the JSON:\n{"ok":true}\nI hope it helps.', 1],
      ['Here is the JSON:\n{"ok":true}\nIt cites [1] and [2].', 1],
      ['{"answer":{"ok":true}}', 1],
      ['```json\n{"type":"object","properties":{"ok":true}}\n```', 1],
      ["```json\nnot json at all\n```", 3],
    ] as const) {
      const wrapping = target("a", () => answer);
      const result = await modelOf([wrapping], { maxRetries: 2 }).generate(call, () => {});
      expect(result.ok, answer).toBe(calls === 1);
      expect(wrapping.calls(), answer).toBe(calls);
    }
  });

  it("reads the wrapped JSON of a JSON-mode model through a whole article", async () => {
    const valid: Record<string, string> = {
      outline: JSON.stringify(OUTLINE),
      framing: JSON.stringify(FRAMING),
      section: section(),
    };
    const model = new MockLanguageModelV4({
      doGenerate: async (request) => generated(`\`\`\`json\n${valid[purposeOf(promptOf(request))]}\n\`\`\``, 1000, 200),
    });
    const structured = new AiSdkStructuredModel(
      [
        {
          provider: "local",
          model: "m",
          weight: 1,
          maxConcurrency: 2,
          mode: "json_object",
          languageModel: () => model,
        },
      ],
      { prices: {}, baseDelayMs: 1, modes: new Map() },
    );
    const result = await write(new LlmWriter("llm:local", structured));
    expect(result.article.sections.length).toBeGreaterThan(0);
  });

  it("reads a forced tool call whose arguments hold the answer under one key", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: async () => ({
        ...generated("", 10, 5),
        content: [
          { type: "tool-call" as const, toolCallId: "c1", toolName: "answer", input: '{"answer":{"ok":true}}' },
        ],
        finishReason: { unified: "tool-calls" as const, raw: undefined },
      }),
    });
    const tool: ModelTarget = {
      provider: "t",
      model: "t-m",
      weight: 1,
      maxConcurrency: 1,
      mode: "tool",
      languageModel: () => model,
    };
    await expect(modelOf([tool]).generate(call, () => {})).resolves.toMatchObject({ ok: true, value: { ok: true } });
  });

  it("finds the JSON of a wrapped answer, and nothing in one that holds none", () => {
    expect(wrappedJson('```json\n{"a":[1,2]}\n```')).toEqual({ a: [1, 2] });
    expect(wrappedJson('Sure! [{"a":1}] Done.')).toEqual([{ a: 1 }]);
    // A note that cites sources after the JSON, or names something in brackets before it, is not part of it.
    expect(wrappedJson('Here is the JSON:\n{"ok":true}\nI used [1] and [3].')).toEqual({ ok: true });
    expect(wrappedJson('Here is your [draft]:\n{"a":"see [2] } or {"}\n')).toEqual({ a: "see [2] } or {" });
    expect(wrappedJson('```json\n{"a":1}\n```\nSources: [1], [2].')).toEqual({ a: 1 });
    for (const none of ["```json\n{broken\n```", "no braces here", "```", "} backwards {"])
      expect(wrappedJson(none), none).toBeUndefined();
  });
});

describe("LLM_PROVIDERS that cannot work", () => {
  const writerFor = (env: Record<string, unknown>) => Promise.resolve().then(() => createWriter(env as unknown as Env));

  it("is a writer_misconfigured error when the writer is made, which no try retries", async () => {
    for (const env of [
      { LLM_PROVIDERS: JSON.stringify([{ name: "wai", type: "workers-ai", model: "@cf/meta/llama-3.1-8b-instruct" }]) },
      { LLM_PROVIDERS: JSON.stringify([{ name: "groq", type: "groq", model: "llama-3.1-8b-instant" }]) },
      {
        LLM_PROVIDERS: JSON.stringify([
          { name: "llm", type: "groq", model: "llama-3.3-70b-versatile" },
          { name: "llm", type: "openai-compatible", model: "qwen", baseUrl: "http://127.0.0.1:8080/v1" },
        ]),
        GROQ_API_KEY: "k",
      },
    ]) {
      const error = await writerFor(env).catch((e) => e);
      expect(error, env.LLM_PROVIDERS).toMatchObject({ name: "PermanentError", code: "writer_misconfigured" });
      expect(settlementOf(error, 1, 5).kind).toBe("fail");
    }
  });

  it("makes a writer when the groq key comes from AI Gateway or the secret", async () => {
    const groq = JSON.stringify([{ name: "groq", type: "groq", model: "llama-3.1-8b-instant" }]);
    await expect(writerFor({ LLM_PROVIDERS: groq, GROQ_API_KEY: "k" })).resolves.toBeDefined();
    await expect(
      writerFor({ LLM_PROVIDERS: groq, AI_GATEWAY_ACCOUNT_ID: "acct", AI_GATEWAY_ID: "gw" }),
    ).resolves.toBeDefined();
  });

  it("fails a call whose provider finds no key at call time as misconfigured, not as a retryable error", () => {
    const typed = toTypedError(new LoadAPIKeyError({ message: "Groq API key is missing" }), "groq");
    expect(typed).toMatchObject({ name: "PermanentError", code: "writer_misconfigured" });
  });
});

describe("usage a provider does not report", () => {
  it("is counted at the estimate the budget admitted it by, not as free, and reported usage stands", async () => {
    const unreported = new MockLanguageModelV4({
      doGenerate: async () => ({
        ...generated('{"ok":true}', 0, 0),
        usage: {
          inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: undefined, text: undefined, reasoning: undefined },
        },
      }),
    });
    const long = { ...call, prompt: "x".repeat(40_000) };
    const settled: (CallUsage | undefined)[] = [];
    const budget = {
      admit: async () => ({ settle: async (spent?: CallUsage) => void settled.push(spent) }),
      spent: () => {},
    };
    const recorded: CallUsage[] = [];
    const model = modelOf(
      [{ provider: "a", model: "a-m", weight: 1, maxConcurrency: 1, languageModel: () => unreported }],
      { prices: { "a-m": { input: 1, output: 1 } } },
    );
    await expect(model.generate(long, (spent) => recorded.push(spent), budget)).resolves.toMatchObject({ ok: true });
    expect(recorded[0]).toMatchObject({ inputTokens: 10_001, outputTokens: 3 });
    expect(settled[0]?.costUsd).toBeCloseTo(10_004 / 1e6, 9);

    const reporting = target("b", () => '{"ok":true}');
    const counted: CallUsage[] = [];
    await modelOf([reporting]).generate(long, (spent) => counted.push(spent));
    expect(counted[0]).toMatchObject({ inputTokens: 10, outputTokens: 5 });
  });
});

describe("a provider that does not heed the abort signal", () => {
  it("lets go of the call a second after its timeout, as a timeout", async () => {
    const deaf = new MockLanguageModelV4({ doGenerate: () => new Promise(() => {}) });
    const model = modelOf([{ provider: "a", model: "a-m", weight: 1, maxConcurrency: 1, languageModel: () => deaf }], {
      timeoutMs: 20,
      maxRetries: 0,
    });
    // Without the deadline of its own the call would hang until the test's timeout.
    await expect(model.generate(call, () => {})).rejects.toMatchObject({ name: "TransientError", code: "timeout" });
  });

  it("books a call it gave up on at the estimate it was admitted by, and a refused one (5xx) as free", async () => {
    const deaf = new MockLanguageModelV4({ doGenerate: () => new Promise(() => {}) });
    const long = { ...call, prompt: "x".repeat(4000), maxOutputTokens: 300 };
    const recorded: CallUsage[] = [];
    const timedOut = modelOf(
      [{ provider: "a", model: "a-m", weight: 1, maxConcurrency: 1, languageModel: () => deaf }],
      {
        timeoutMs: 20,
        maxRetries: 0,
        prices: { "a-m": { input: 1, output: 1 } },
      },
    );
    await timedOut.generate(long, (spent) => recorded.push(spent)).catch(() => {});
    // The provider went on generating after the call let go, and bills it: up to the limit the call set.
    expect(recorded[0]).toMatchObject({ inputTokens: 1001, outputTokens: 300 });
    expect(recorded[0]?.costUsd).toBeGreaterThan(0);
    recorded.length = 0;
    await modelOf([target("b", () => apiError(503))], { maxRetries: 0 })
      .generate(long, (spent) => recorded.push(spent))
      .catch(() => {});
    expect(recorded[0]).toMatchObject({ inputTokens: 0, outputTokens: 0 });
  });
});

describe("an answer far larger than max_tokens allows", () => {
  it("is cut off as it arrives and treated as a malformed answer, with what arrived counted", async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new TextEncoder().encode("la ".repeat(21_000));
    const fetch = (async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(
            new TextEncoder().encode(
              '{"id":"c1","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"',
            ),
          );
        },
        pull(controller) {
          // A server that never stops (bounded here at 64 MB so that a failing test ends).
          if (pulled > 64_000_000) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
    }) as typeof globalThis.fetch;
    const model = modelOf([localServer(fetch)], { maxRetries: 0 });
    const recorded: CallUsage[] = [];
    const answer = await model.generate({ ...call, maxOutputTokens: 1000 }, (spent) => recorded.push(spent));
    expect(answer).toMatchObject({ ok: false, provider: "local" });
    expect(answer.ok ? "" : answer.problem).toMatch(/larger than/);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(1_000_000);
    // What arrived was generated and is billed: counted at four characters a token.
    expect(recorded[0]?.outputTokens).toBeGreaterThan(10_000);
  });
});

describe("a usage record that fails", () => {
  it("still tells the provider's guard how the call went, so its reservation and probe are given back", async () => {
    for (const reply of ['{"ok":true}', apiError(503)]) {
      const outcomes: { ok: boolean; reservedTokens: number }[] = [];
      const guard = {
        acquire: async () => ({ granted: true as const, reservedTokens: 40, probe: true }),
        report: async (_policy: unknown, outcome: { ok: boolean; reservedTokens: number }) =>
          void outcomes.push(outcome),
        status: async () => {
          throw new Error("not read here");
        },
      };
      const failingRecord = () => {
        throw new Error("usage store unavailable");
      };
      await expect(
        modelOf([target("a", () => reply)], { guard: () => guard as never, maxRetries: 0 }).generate(
          call,
          failingRecord,
        ),
      ).rejects.toThrow("usage store unavailable");
      expect(outcomes).toEqual([expect.objectContaining({ reservedTokens: 40 })]);
    }
  });
});

describe("a Workers AI answer far larger than max_tokens allows", () => {
  const workersAi = (binding: Ai): ModelTarget => {
    const config = ProviderConfigSchema.parse({
      name: "wai",
      type: "workers-ai",
      model: "@cf/meta/llama-3.1-8b-instruct",
    });
    const languageModel = createLanguageModel(config, { ai: binding });
    return { provider: "wai", model: config.model, weight: 1, maxConcurrency: 1, languageModel: () => languageModel };
  };

  it("is refused as the HTTP providers' are and treated as a malformed answer, with what arrived counted", async () => {
    const binding = {
      run: async () => ({ response: `{"ok":true,"pad":"${"la ".repeat(2_000_000)}"}` }),
    } as unknown as Ai;
    const recorded: CallUsage[] = [];
    const answer = await modelOf([workersAi(binding)], { maxRetries: 0 }).generate(
      { ...call, maxOutputTokens: 1000 },
      (spent) => recorded.push(spent),
    );
    expect(answer).toMatchObject({ ok: false, provider: "wai" });
    expect(answer.ok ? "" : answer.problem).toMatch(/larger than/);
    expect(recorded[0]?.outputTokens).toBeGreaterThan(1_000_000);
  });

  it("passes an answer within the cap, and cuts a streamed one off as it arrives", async () => {
    const small = { run: async () => ({ response: '{"ok":true}' }) } as unknown as Ai;
    await expect(
      modelOf([workersAi(small)], { maxRetries: 0 }).generate({ ...call, maxOutputTokens: 1000 }, () => {}),
    ).resolves.toMatchObject({ ok: true, value: { ok: true } });
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled > 64_000_000) return controller.close();
        pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536).fill(97));
      },
      cancel() {
        cancelled = true;
      },
    });
    const streaming = { run: async () => endless } as unknown as Ai;
    const stream = (await capBinding(streaming).run("@cf/meta/llama-3.1-8b-instruct", {
      prompt: "p",
      max_tokens: 1000,
      stream: true,
    })) as unknown as ReadableStream<Uint8Array>;
    await expect(new Response(stream).arrayBuffer()).rejects.toThrow(/larger than/);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(1_000_000);
  });
});
