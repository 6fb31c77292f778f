import { afterEach, describe, expect, it, vi } from "vitest";
import { createProvider, type ProviderSettings } from "../../scripts/world/provider.mjs";
import { AiSdkStructuredModel, type LearnedMode, logModelWarnings } from "../../src/adapters/writers/ai-sdk-model";
import { modelTargets } from "../../src/adapters/writers/providers";
import {
  acquireProvider,
  emptyProviderGuard,
  providerStatus,
  reportProvider,
} from "../../src/core/guard/provider-guard";
import type { ProviderGuard } from "../../src/core/ports/guard";
import { ProviderConfigSchema } from "../../src/core/writing/llm-config";
import { LlmWriter } from "../../src/core/writing/llm-writer";
import { write } from "../writing-mock-model";

/** A chat-completions server (the world's simulated provider) that serves only the modes it is given. */
function server(settings: ProviderSettings) {
  const provider = createProvider("stub", { ttftMs: 0, tokensPerSecond: 1e9, rpm: 100_000, ...settings });
  const bodies: { response_format?: { type: string }; tools?: unknown[]; messages: { content: unknown }[] }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    bodies.push(await request.clone().json());
    return provider.fetch(request);
  }) as typeof globalThis.fetch;
  return { provider, bodies, fetch };
}

/** A provider's guard kept in memory with the guard's own logic, as the Durable Object keeps it. */
function memoryGuard(now: () => number = Date.now) {
  let state = emptyProviderGuard();
  const guard: ProviderGuard = {
    acquire: async (policy, tokens) => {
      const result = acquireProvider(state, policy, now(), tokens);
      state = result.state;
      return result.admission;
    },
    report: async (policy, outcome) => {
      state = reportProvider(state, policy, now(), outcome);
    },
    status: async (policy) => providerStatus(state, policy, now()),
  };
  return guard;
}

function writerFor(
  stub: ReturnType<typeof server>,
  extra: Record<string, unknown> = {},
  modes = new Map<string, LearnedMode>(),
  guard?: ProviderGuard,
  now?: () => number,
) {
  const config = ProviderConfigSchema.parse({
    name: "local",
    type: "openai-compatible",
    model: "m",
    baseUrl: "http://127.0.0.1:9/v1",
    ...extra,
  });
  const model = new AiSdkStructuredModel(modelTargets([config], { fetch: stub.fetch }), {
    prices: {},
    maxRetries: 0,
    modes,
    ...(guard ? { guard: () => guard } : {}),
    ...(now ? { now } : {}),
  });
  return new LlmWriter("llm:local", model);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("structured output on an OpenAI-compatible server", () => {
  it("sends the JSON schema by default, and the server's answers make an article", async () => {
    const stub = server({ modes: ["json_schema"] });
    const { article } = await write(writerFor(stub));
    expect(article.sections.length).toBeGreaterThan(0);
    expect(stub.bodies.every((b) => b.response_format?.type === "json_schema")).toBe(true);
    expect(stub.provider.stats.rejectedMode).toBe(0);
  });

  it("detects a server that rejects json_schema once, and serves it in JSON mode from then on", async () => {
    const stub = server({ modes: ["json_object"] });
    const modes = new Map<string, LearnedMode>();
    const { article } = await write(writerFor(stub, {}, modes));
    expect(article.sections.length).toBeGreaterThan(0);
    expect(stub.provider.stats.rejectedMode).toBe(1);
    expect(modes.get("local")?.mode).toBe("json_object");
    const before = stub.bodies.length;
    await write(writerFor(stub, {}, modes));
    const later = stub.bodies.slice(before);
    expect(later.every((b) => b.response_format?.type === "json_object")).toBe(true);
    expect(stub.provider.stats.rejectedMode).toBe(1);
  });

  it("serves JSON mode without a process warning for the schema it does not send, and logs other warnings", async () => {
    const emitted = vi.spyOn(process, "emitWarning");
    const stub = server({ modes: ["json_object"] });
    const modes = new Map<string, LearnedMode>([["local", { mode: "json_object", since: Date.now() }]]);
    const { article } = await write(writerFor(stub, {}, modes));
    expect(article.sections.length).toBeGreaterThan(0);
    expect(stub.bodies.every((b) => b.response_format?.type === "json_object")).toBe(true);
    expect(emitted.mock.calls.map(([message]) => String(message)).filter((m) => m.includes("AI SDK"))).toEqual([]);

    const logged = vi.spyOn(console, "warn").mockImplementation(() => {});
    logModelWarnings({ warnings: [{ type: "unsupported", feature: "responseFormat" }], provider: "local", model: "m" });
    expect(logged).not.toHaveBeenCalled();
    logModelWarnings({
      warnings: [
        { type: "unsupported", feature: "responseFormat" },
        { type: "unsupported", feature: "topK", details: "not served" },
      ],
      provider: "local",
      model: "m",
    });
    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(logged.mock.calls[0]?.[0]));
    expect(line).toMatchObject({ level: "warn", provider: "local", model: "m" });
    expect(line.warnings).toEqual([{ type: "unsupported", feature: "topK", details: "not served" }]);
  });

  it("keeps the learned mode in the provider's guard, so a writer in another isolate starts in it", async () => {
    const stub = server({ modes: ["json_object"] });
    const guard = memoryGuard();
    const policy = { limits: { rpm: 100_000, tpm: 1_000_000_000 } };
    await write(writerFor(stub, {}, new Map(), guard));
    expect(stub.provider.stats.rejectedMode).toBe(1);
    expect((await guard.status(policy)).structuredMode).toBe("json_object");
    // Another isolate: its own (empty) map of modes, the same guard.
    const before = stub.bodies.length;
    const elsewhere = new Map<string, LearnedMode>();
    await write(writerFor(stub, {}, elsewhere, guard));
    expect(stub.provider.stats.rejectedMode).toBe(1);
    expect(stub.bodies.slice(before).every((b) => b.response_format?.type === "json_object")).toBe(true);
    expect(elsewhere.get("local")?.mode).toBe("json_object");
  });

  it("offers the provider its configured mode again a day after it refused it, and keeps a refusal fresh for that day", async () => {
    const stub = server({ modes: ["json_object"] });
    let clock = Date.parse("2026-12-01T00:00:00Z");
    const guard = memoryGuard(() => clock);
    const modes = new Map<string, LearnedMode>();
    const policy = { limits: { rpm: 100_000, tpm: 1_000_000_000 } };
    await write(writerFor(stub, {}, modes, guard));
    expect(stub.provider.stats.rejectedMode).toBe(1);
    // The provider takes schemas again (its gateway's bad hour is over).
    stub.provider.configure({ modes: ["json_schema", "json_object", "tool"] });
    clock += 23 * 3600_000;
    let before = stub.bodies.length;
    await write(writerFor(stub, {}, modes, guard));
    expect(stub.bodies.slice(before).every((b) => b.response_format?.type === "json_object")).toBe(true);
    clock += 2 * 3600_000;
    before = stub.bodies.length;
    await write(writerFor(stub, {}, modes, guard));
    expect(stub.bodies.slice(before).every((b) => b.response_format?.type === "json_schema")).toBe(true);
    expect(modes.has("local")).toBe(false);
    expect((await guard.status(policy)).structuredMode).toBeUndefined();
    // Refusing again, it is learned again, and dated from then.
    stub.provider.configure({ modes: ["json_object"] });
    await write(writerFor(stub, {}, modes, guard));
    expect(stub.provider.stats.rejectedMode).toBe(2);
    clock += 23 * 3600_000;
    before = stub.bodies.length;
    await write(writerFor(stub, {}, modes, guard));
    expect(stub.bodies.slice(before).every((b) => b.response_format?.type === "json_object")).toBe(true);
    expect(stub.provider.stats.rejectedMode).toBe(2);
  });

  it("lets a mode learned without a guard go a day after the refusal, so a provider that takes schemas again gets them", async () => {
    const stub = server({ modes: ["json_object"] });
    let clock = Date.parse("2026-12-01T00:00:00Z");
    const modes = new Map<string, LearnedMode>();
    const writer = () => writerFor(stub, {}, modes, undefined, () => clock);
    await write(writer());
    expect(stub.provider.stats.rejectedMode).toBe(1);
    expect(modes.get("local")).toEqual({ mode: "json_object", since: clock });
    stub.provider.configure({ modes: ["json_schema", "json_object", "tool"] });
    // Within the day the refusal is trusted: JSON mode, no schema offered.
    clock += 23 * 3600_000;
    let before = stub.bodies.length;
    await write(writer());
    expect(stub.bodies.slice(before).every((b) => b.response_format?.type === "json_object")).toBe(true);
    // Past it the configured mode is offered again, and the provider that took it back is served in it.
    clock += 2 * 3600_000;
    before = stub.bodies.length;
    await write(writer());
    expect(stub.bodies.slice(before).every((b) => b.response_format?.type === "json_schema")).toBe(true);
    expect(modes.has("local")).toBe(false);
    expect(stub.provider.stats.rejectedMode).toBe(1);
    // A provider still refusing costs one refusal, and the mode is learned anew from then.
    stub.provider.configure({ modes: ["json_object"] });
    await write(writer());
    expect(stub.provider.stats.rejectedMode).toBe(2);
    expect(modes.get("local")).toEqual({ mode: "json_object", since: clock });
  });

  it("asks again when the server's own JSON check refuses a malformed answer with a 400, and writes the article", async () => {
    const stub = server({ modes: ["json_schema"], malformedRate: 0.3, jsonCheckRate: 1, seed: 3 });
    const { article } = await write(writerFor(stub));
    expect(article.sections.length).toBeGreaterThan(0);
    expect(stub.provider.stats.jsonCheckRefused).toBeGreaterThan(0);
  });

  it("writes the article when the model runs on past max_tokens, cutting each such answer off as it arrives", async () => {
    const stub = server({ runawayRate: 0.25, seed: 6 });
    const bytesRead: number[] = [];
    const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await stub.fetch(input, init);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let read = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await reader.read();
          if (next.done) {
            bytesRead.push(read);
            return controller.close();
          }
          read += next.value.byteLength;
          controller.enqueue(next.value);
        },
        cancel: (reason) => {
          bytesRead.push(read);
          return reader.cancel(reason);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    }) as typeof globalThis.fetch;
    const { article } = await write(writerFor({ ...stub, fetch: counting }));
    expect(article.sections.length).toBeGreaterThan(0);
    expect(stub.provider.stats.runaway).toBeGreaterThan(0);
    // Each ran on to a megabyte or more, sent 16 KiB at a time; none was read a piece past its cap (64 KiB and 24
    // bytes a token of its max_tokens).
    const caps = stub.bodies.map((b) => 64 * 1024 + ((b as { max_tokens?: number }).max_tokens ?? 0) * 24);
    expect(bytesRead.length).toBe(caps.length);
    for (const [i, read] of bytesRead.entries()) expect(read).toBeLessThanOrEqual((caps[i] ?? 0) + 16 * 1024);
    expect(Math.max(...bytesRead)).toBeGreaterThan(64 * 1024);
  });

  it("describes the schema in the prompt when the mode is json_object", async () => {
    const stub = server({ modes: ["json_object"] });
    await write(writerFor(stub, { structuredOutputs: "json_object" }));
    expect(stub.provider.stats.rejectedMode).toBe(0);
    const first = JSON.stringify(stub.bodies[0]?.messages);
    expect(first).toContain("validates against this JSON Schema");
    expect(first).toContain("metaDescription");
  });

  it("falls through to a forced tool call for a server that takes no response_format at all", async () => {
    const stub = server({ modes: ["tool"] });
    const modes = new Map<string, LearnedMode>();
    const { article } = await write(writerFor(stub, {}, modes));
    expect(article.faq.length).toBeGreaterThan(0);
    expect(modes.get("local")?.mode).toBe("tool");
    expect(stub.provider.stats.rejectedMode).toBe(2);
    expect(stub.provider.stats.byMode.tool).toBeGreaterThanOrEqual(5);
  });

  it("starts in the configured mode and reads true/false as json_schema/json_object", () => {
    const parse = (structuredOutputs: unknown) =>
      ProviderConfigSchema.parse({
        name: "x",
        type: "openai-compatible",
        model: "m",
        baseUrl: "http://h/v1",
        structuredOutputs,
      }).structuredOutputs;
    expect(parse("tool")).toBe("tool");
    expect(parse(true)).toBe("json_schema");
    expect(parse(false)).toBe("json_object");
    expect(() => parse("xml")).toThrow();
  });
});
