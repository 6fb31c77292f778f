import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AiSdkStructuredModel } from "../src/adapters/writers/ai-sdk-model";
import { createLanguageModel, modelTargets, type ProviderDeps } from "../src/adapters/writers/providers";
import { createWriter } from "../src/composition/writers";
import { PermanentError } from "../src/core/errors";
import { type ProviderConfig, ProviderConfigSchema } from "../src/core/writing/llm-config";
import { selectProvider } from "../src/core/writing/select-provider";

interface Captured {
  url: string;
  headers: Headers;
  body: { model?: string };
}

/** A fetch that answers like a chat-completions server and records where each call went. */
function capturingFetch() {
  const calls: Captured[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: input instanceof Request ? input.url : String(input),
      headers: new Headers(init?.headers),
      body: JSON.parse(String(init?.body ?? "{}")),
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
  return { calls, fetch };
}

async function oneCall(raw: unknown, deps: Omit<ProviderDeps, "fetch">) {
  const config: ProviderConfig = ProviderConfigSchema.parse(raw);
  const { calls, fetch } = capturingFetch();
  const languageModel = createLanguageModel(config, { ...deps, fetch });
  expect(calls).toHaveLength(0); // constructing a provider calls nothing
  const model = new AiSdkStructuredModel(
    [{ provider: config.name, model: config.model, weight: 1, maxConcurrency: 1, languageModel: () => languageModel }],
    { prices: {} },
  );
  const answer = await model.generate(
    {
      purpose: "probe",
      system: "s",
      prompt: "p",
      schema: z.object({ ok: z.boolean() }),
      maxOutputTokens: 10,
    },
    () => {},
  );
  expect(answer.ok).toBe(true);
  expect(calls).toHaveLength(1);
  return calls[0] as Captured;
}

const gateway = { accountId: "acct123", gatewayId: "blog-gw", token: "gw-token" };

describe("provider construction from configuration", () => {
  it("calls Groq's API directly without a gateway", async () => {
    const call = await oneCall(
      { name: "groq", type: "groq", model: "llama-3.3-70b-versatile" },
      { groqApiKey: "gsk_test" },
    );
    expect(call.url).toBe("https://api.groq.com/openai/v1/chat/completions");
    expect(call.headers.get("authorization")).toBe("Bearer gsk_test");
    expect(call.body.model).toBe("llama-3.3-70b-versatile");
  });

  it("routes Groq through AI Gateway when one is configured", async () => {
    const call = await oneCall(
      { name: "groq", type: "groq", model: "llama-3.1-8b-instant" },
      { groqApiKey: "gsk_test", gateway },
    );
    expect(call.url).toBe("https://gateway.ai.cloudflare.com/v1/acct123/blog-gw/groq/chat/completions");
    expect(call.headers.get("authorization")).toBe("Bearer gsk_test");
    expect(call.headers.get("cf-aig-authorization")).toBe("Bearer gw-token");
  });

  it("calls an OpenAI-compatible server at its base URL, even with a gateway configured", async () => {
    const raw = {
      name: "ollama",
      type: "openai-compatible",
      model: "qwen2.5:7b",
      baseUrl: "http://127.0.0.1:11434/v1",
    };
    const call = await oneCall(raw, { openAiCompatibleApiKey: "local-key", gateway });
    expect(call.url).toBe("http://127.0.0.1:11434/v1/chat/completions");
    expect(call.headers.get("authorization")).toBe("Bearer local-key");
    expect(call.headers.get("cf-aig-authorization")).toBeNull();
    expect(call.body.model).toBe("qwen2.5:7b");
  });

  it("routes an OpenAI-compatible provider through the gateway when it names the gateway's provider path", async () => {
    const raw = {
      name: "oa",
      type: "openai-compatible",
      model: "gpt-x",
      baseUrl: "https://api.example/v1",
      gatewayProvider: "openai",
    };
    const call = await oneCall(raw, { gateway });
    expect(call.url).toBe("https://gateway.ai.cloudflare.com/v1/acct123/blog-gw/openai/chat/completions");
  });

  it("runs Workers AI on the AI binding, with the gateway id when configured", async () => {
    const runs: { model: string; options: unknown }[] = [];
    const binding = {
      run: async (model: string, _inputs: unknown, options: unknown) => {
        runs.push({ model, options });
        return { response: '{"ok":true}', usage: { prompt_tokens: 4, completion_tokens: 2 } };
      },
    } as unknown as Ai;
    const config = ProviderConfigSchema.parse({
      name: "wai",
      type: "workers-ai",
      model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    });
    const languageModel = createLanguageModel(config, { ai: binding, gateway });
    expect(runs).toHaveLength(0);
    const model = new AiSdkStructuredModel(
      [{ provider: "wai", model: config.model, weight: 1, maxConcurrency: 1, languageModel: () => languageModel }],
      { prices: { [config.model]: { input: 1, output: 1 } } },
    );
    const answer = await model.generate(
      {
        purpose: "p",
        system: "s",
        prompt: "p",
        schema: z.object({ ok: z.boolean() }),
        maxOutputTokens: 10,
      },
      () => {},
    );
    expect(answer.ok).toBe(true);
    expect(runs[0]?.model).toBe("@cf/meta/llama-3.3-70b-instruct-fp8-fast");
    expect(runs[0]?.options).toMatchObject({ gateway: { id: "blog-gw" } });
  });

  it("sends Groq a non-strict JSON schema, or JSON mode when the model takes no schema", async () => {
    const { calls, fetch } = capturingFetch();
    const configs = [
      { name: "g1", type: "groq", model: "openai/gpt-oss-20b" },
      { name: "g2", type: "groq", model: "llama-3.3-70b-versatile", structuredOutputs: false },
    ].map((raw) => ProviderConfigSchema.parse(raw));
    for (const target of modelTargets(configs, { groqApiKey: "k", fetch })) {
      const model = new AiSdkStructuredModel([target], { prices: {} });
      await model.generate(
        {
          purpose: "p",
          system: "s",
          prompt: "p",
          schema: z.object({ ok: z.boolean() }),
          maxOutputTokens: 5,
        },
        () => {},
      );
    }
    const formats = calls.map(
      (c) => (c.body as { response_format?: { type: string; json_schema?: { strict?: boolean } } }).response_format,
    );
    expect(formats[0]).toMatchObject({ type: "json_schema", json_schema: { strict: false } });
    expect(formats[1]).toMatchObject({ type: "json_object" });
  });

  it("rejects an OpenAI-compatible provider without a base URL", () => {
    expect(ProviderConfigSchema.safeParse({ name: "x", type: "openai-compatible", model: "m" }).success).toBe(false);
  });
});

describe("createWriter", () => {
  it("is the extractive writer when no LLM is configured", () => {
    expect(createWriter(env).kind).toBe("extractive");
  });

  it("builds the LLM writer from LLM_PROVIDERS without calling anything", () => {
    const { calls, fetch } = capturingFetch();
    const writer = createWriter(
      {
        ...env,
        LLM_PROVIDERS: JSON.stringify([
          { name: "groq", type: "groq", model: "llama-3.3-70b-versatile", weight: 3 },
          { name: "local", type: "openai-compatible", model: "qwen", baseUrl: "http://127.0.0.1:8080/v1" },
        ]),
        AI_GATEWAY_ACCOUNT_ID: "a",
        AI_GATEWAY_ID: "g",
      } as Env,
      { fetch },
    );
    expect(writer.kind).toBe("llm");
    expect(writer.name).toBe("llm:groq:llama-3.3-70b-versatile,local:qwen");
    expect(calls).toHaveLength(0);
  });

  it("fails typed on invalid configuration", () => {
    for (const bad of ["not json", '[{"name":"x","type":"nope","model":"m"}]', '{"name":"x"}']) {
      const attempt = () => createWriter({ ...env, LLM_PROVIDERS: bad } as Env);
      expect(attempt).toThrow(PermanentError);
    }
    const prices = () =>
      createWriter({ ...env, LLM_PROVIDERS: '[{"name":"g","type":"groq","model":"m"}]', LLM_PRICES: '{"m":1}' } as Env);
    expect(prices).toThrow(/LLM_PRICES/);
  });
});

describe("selectProvider", () => {
  const providers = [
    { name: "a", weight: 1 },
    { name: "b", weight: 3 },
  ];

  it("chooses in proportion to the weights", () => {
    expect(selectProvider(providers, () => 0.2).name).toBe("a");
    expect(selectProvider(providers, () => 0.3).name).toBe("b");
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const picks = Array.from({ length: 4000 }, () => selectProvider(providers, random).name);
    const share = picks.filter((n) => n === "b").length / picks.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
  });

  it("refuses an empty list", () => {
    expect(() => selectProvider([])).toThrow(RangeError);
  });
});
