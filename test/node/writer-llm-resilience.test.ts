import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import {
  type AiSdkModelOptions,
  AiSdkStructuredModel,
  type ModelTarget,
  retryDelayMs,
} from "../../src/adapters/writers/ai-sdk-model";
import { TransientError } from "../../src/core/errors";
import type { ProviderGuard } from "../../src/core/ports/guard";
import { LlmWriter } from "../../src/core/writing/llm-writer";
import { apiError, FRAMING, generated, OUTLINE, promptOf, purposeOf, section, write } from "../writing-mock-model";

type Reply = string | Error;
/** An answer with no text, cut off at the token limit (a reasoning model that spent its tokens thinking). */
const EMPTY_AT_LIMIT = "<empty at the token limit>";
const VALID: Record<string, string> = {
  outline: JSON.stringify(OUTLINE),
  framing: JSON.stringify(FRAMING),
  section: section(),
};

/** A provider whose answer to the n-th call (counted over all its calls) comes from `reply`. */
function provider(name: string, reply: (purpose: string, n: number, prompt: string) => Reply | undefined) {
  const prompts: { purpose: string; prompt: string }[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (call) => {
      const prompt = promptOf(call);
      const purpose = purposeOf(prompt);
      prompts.push({ purpose, prompt });
      const answer = reply(purpose, prompts.length, prompt) ?? VALID[purpose] ?? "{}";
      if (answer instanceof Error) throw answer;
      if (answer === EMPTY_AT_LIMIT) return generated("", 500, 800, "length");
      return generated(answer, 100, 20);
    },
  });
  const target: ModelTarget = {
    provider: name,
    model: `${name}-m`,
    weight: 1,
    maxConcurrency: 2,
    languageModel: () => model,
  };
  return { target, prompts };
}

function writerOf(targets: ModelTarget[], maxRetries = 2, extra: Partial<AiSdkModelOptions> = {}) {
  const model = new AiSdkStructuredModel(targets, {
    prices: {},
    maxRetries,
    baseDelayMs: 1,
    random: () => 0,
    modes: new Map(),
    ...extra,
  });
  return new LlmWriter("llm:test", model);
}

describe("LLM calls survive transient faults", () => {
  it("retries a 5xx within the call and records the failed tries' usage", async () => {
    const a = provider("a", (_p, n) => (n <= 2 ? apiError(500) : undefined));
    const { article, usage } = await write(writerOf([a.target]));
    expect(article.sections).toHaveLength(3);
    expect(a.prompts.filter((p) => p.purpose === "outline")).toHaveLength(3);
    const outlineCalls = usage.filter((u) => u.purpose === "outline");
    expect(outlineCalls.map((u) => u.outputTokens)).toEqual([0, 0, 20]);
    expect(usage).toHaveLength(7);
  });

  it("asks again with the same prompt when the JSON is malformed, before any repair", async () => {
    const a = provider("a", (_p, n) => (n === 1 ? '{"title": "Compost' : undefined));
    await write(writerOf([a.target]));
    const outlines = a.prompts.filter((p) => p.purpose === "outline");
    expect(outlines).toHaveLength(2);
    expect(outlines[1]?.prompt).toBe(outlines[0]?.prompt);
  });

  it("asks again when an answer comes back empty, and records what the empty answer cost", async () => {
    const a = provider("a", (purpose, n) => (purpose === "outline" && n === 1 ? EMPTY_AT_LIMIT : undefined));
    const { article, usage } = await write(writerOf([a.target]));
    expect(article.sections).toHaveLength(3);
    expect(a.prompts.filter((p) => p.purpose === "outline")).toHaveLength(2);
    const outline = usage.filter((u) => u.purpose === "outline");
    expect(outline.map((u) => [u.inputTokens, u.outputTokens])).toEqual([
      [500, 800],
      [100, 20],
    ]);
  });

  it("asks again when the provider's own JSON check refuses the answer with a 400", async () => {
    const refused = apiError(
      400,
      {},
      {
        message: "Failed to generate JSON. Please adjust your prompt. See 'failed_generation' for more details.",
        responseBody: JSON.stringify({
          error: {
            message: "Failed to generate JSON. Please adjust your prompt.",
            type: "invalid_request_error",
            code: "json_validate_failed",
            failed_generation: '{"title": "Compost',
          },
        }),
      },
    );
    const a = provider("a", (purpose, n) => (purpose === "outline" && n === 1 ? refused : undefined));
    const { article } = await write(writerOf([a.target]));
    expect(article.sections).toHaveLength(3);
    expect(a.prompts.filter((p) => p.purpose === "outline")).toHaveLength(2);
  });

  it("gives up with a TransientError once the retries are spent on the only provider", async () => {
    const a = provider("a", () => apiError(503));
    const error = await write(writerOf([a.target], 1)).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("provider_unavailable");
    expect(a.prompts).toHaveLength(2);
  });

  it("hands a rate-limited call to the other provider at once", async () => {
    const a = provider("a", () => apiError(429, { "retry-after": "30" }));
    const b = provider("b", () => undefined);
    const { usage } = await write(writerOf([a.target, b.target]));
    const answered = usage.filter((u) => u.outputTokens > 0);
    expect(answered.every((u) => u.provider === "b")).toBe(true);
    expect(a.prompts.length).toBe(answered.length);
  });

  it("does not wait in the call for a provider that asks for longer than the cap", async () => {
    const a = provider("a", () => apiError(503, { "retry-after": "120" }));
    const error = await write(writerOf([a.target])).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.retryAfterSeconds).toBe(120);
    expect(a.prompts).toHaveLength(1);
  });

  it("waits out a 429 that fits the scheduling window, as a refusal, instead of failing the try", async () => {
    const a = provider("a", (purpose, n) =>
      purpose === "outline" && n === 1 ? apiError(429, { "retry-after": "7" }) : undefined,
    );
    const slept: number[] = [];
    const { article } = await write(writerOf([a.target], 2, { sleep: async (ms) => void slept.push(ms) }));
    expect(article.sections).toHaveLength(3);
    expect(a.prompts.filter((p) => p.purpose === "outline")).toHaveLength(2);
    expect(slept).toEqual([7000]);
  });

  it("ends as a wait for provider capacity, not a failed try, when every provider asks for longer than the window", async () => {
    const a = provider("a", () => apiError(429, { "retry-after": "60" }));
    const b = provider("b", () => apiError(429, { "retry-after": "90" }));
    const error = await write(writerOf([a.target, b.target], 2, { sleep: async () => {} })).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("provider_capacity");
    expect(error.retryAfterSeconds).toBe(60);
    expect(error.message).toMatch(/a: rate_limited, b: rate_limited/);
  });

  it("waits for a rate-limited provider while the other's breaker is open, then asks it again", async () => {
    const a = provider("a", () => undefined);
    const b = provider("b", (purpose, n) =>
      purpose === "outline" && n === 1 ? apiError(429, { "retry-after": "5" }) : undefined,
    );
    const open: ProviderGuard = {
      acquire: async () => ({ granted: false, waitMs: 120_000, reason: "breaker_open" }),
      report: async () => {},
      status: async () => {
        throw new Error("not asked");
      },
    };
    const slept: number[] = [];
    const { usage } = await write(
      writerOf([a.target, b.target], 2, {
        guard: (name) => (name === "a" ? open : undefined) as ProviderGuard,
        sleep: async (ms) => void slept.push(ms),
      }),
    );
    expect(a.prompts).toHaveLength(0);
    expect(usage.filter((u) => u.outputTokens > 0).every((u) => u.provider === "b")).toBe(true);
    expect(slept).toEqual([5000]);
  });

  it("asks another provider for a part still invalid after the repair", async () => {
    const a = provider("a", (purpose) => (purpose === "outline" ? '{"title": 42}' : undefined));
    const b = provider("b", () => undefined);
    const { usage } = await write(writerOf([a.target, b.target]));
    const outline = usage.filter((u) => u.purpose.startsWith("outline"));
    expect(outline.map((u) => [u.purpose, u.provider])).toEqual([
      ["outline", "a"],
      ["outline:repair", "a"],
      ["outline:fallback", "b"],
    ]);
  });
});

describe("retry backoff", () => {
  it("draws full jitter under a ceiling that doubles per retry", () => {
    expect(retryDelayMs(1, undefined, () => 0.999, 500)).toBeCloseTo(499.5);
    expect(retryDelayMs(3, undefined, () => 0.5, 500)).toBe(1000);
    expect(retryDelayMs(2, undefined, () => 0, 500)).toBe(0);
  });

  it("never retries sooner than the provider's retry-after", () => {
    expect(retryDelayMs(1, 3000, () => 0.999, 500)).toBe(3000);
    expect(retryDelayMs(5, 100, () => 0.5, 500)).toBe(4000);
  });
});
