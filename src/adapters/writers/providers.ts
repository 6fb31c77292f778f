import { createGroq } from "@ai-sdk/groq";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { createWorkersAI } from "workers-ai-provider";
import type { ProviderPolicy } from "../../core/guard/provider-guard";
import { DEFAULT_CONCURRENCY, type ProviderConfig, type StructuredMode } from "../../core/writing/llm-config";
import type { ModelTarget, ProviderOptions } from "./ai-sdk-model";
import { AnswerTooLarge } from "./errors";

export interface GatewayConfig {
  accountId: string;
  gatewayId: string;
  /** For authenticated gateways: sent as `cf-aig-authorization`. */
  token?: string;
}

export interface ProviderDeps {
  groqApiKey?: string;
  openAiCompatibleApiKey?: string;
  gateway?: GatewayConfig;
  /** The Workers AI binding; needed only for a `workers-ai` provider. */
  ai?: Ai;
  /** Injected in tests to see where calls would go without any network. */
  fetch?: typeof fetch;
}

const GATEWAY_ORIGIN = "https://gateway.ai.cloudflare.com";

/** The gateway's endpoint for one upstream provider: `.../v1/{account}/{gateway}/{provider}`. */
function gatewayUrl(gateway: GatewayConfig, provider: string): string {
  return `${GATEWAY_ORIGIN}/v1/${encodeURIComponent(gateway.accountId)}/${encodeURIComponent(gateway.gatewayId)}/${provider}`;
}

function gatewayHeaders(gateway: GatewayConfig | undefined): Record<string, string> {
  return gateway?.token ? { "cf-aig-authorization": `Bearer ${gateway.token}` } : {};
}

/** Room for the answer's envelope (ids, usage, finish reason) besides the text. */
const ANSWER_ENVELOPE_BYTES = 64 * 1024;
/** Bytes a token may take in the answer: a CJK token of two characters written as `\uXXXX` escapes is twelve. */
const BYTES_PER_TOKEN = 24;
/** The cap when the request names no `max_tokens`. */
const DEFAULT_ANSWER_BYTES = 1024 * 1024;

/** The most an answer to this request body may hold: what its `max_tokens` allows, with room to spare. */
export function answerByteCap(requestBody: unknown): number {
  if (typeof requestBody !== "string") return DEFAULT_ANSWER_BYTES;
  try {
    const parsed = JSON.parse(requestBody) as { max_tokens?: unknown; max_completion_tokens?: unknown };
    return byteCapFor(parsed.max_completion_tokens ?? parsed.max_tokens);
  } catch {
    return DEFAULT_ANSWER_BYTES;
  }
}

/** The most an answer may hold when `asked` tokens were asked for (the default cap when none were). */
function byteCapFor(asked: unknown): number {
  return typeof asked === "number" && Number.isFinite(asked) && asked > 0
    ? ANSWER_ENVELOPE_BYTES + Math.ceil(asked) * BYTES_PER_TOKEN
    : DEFAULT_ANSWER_BYTES;
}

/** A stream that errors with AnswerTooLarge (and cancels its source) once more than `maxBytes` have come. */
function cappedStream(source: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let bytes = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (next.done) return controller.close();
      bytes += next.value.byteLength;
      if (bytes > maxBytes) {
        reader.cancel().catch(() => undefined);
        return controller.error(new AnswerTooLarge(maxBytes, bytes));
      }
      controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * A fetch whose answers are cut off (the stream cancelled, AnswerTooLarge raised) once they pass what the request's
 * `max_tokens` allows. The SDK reads a body of up to 2 GiB whole; a server that ignores the limit must not be able
 * to fill the isolate's memory, nor keep a call reading for as long as it likes.
 */
export function capAnswers(inner: () => typeof fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await inner()(input, init);
    if (!response.body) return response;
    const body = cappedStream(response.body, answerByteCap(init?.body));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
}

const encoder = new TextEncoder();

/**
 * The AI binding with its answers held to the cap of an HTTP provider's (`capAnswers`), from the `max_tokens` of the
 * model's inputs: a streamed answer is cut off as it arrives, and a whole one larger than the cap is refused with
 * AnswerTooLarge before the SDK parses it, where a model's answer through the binding could be of any size.
 */
export function capBinding(ai: Ai): Ai {
  const run = async (...args: unknown[]): Promise<unknown> => {
    const answer: unknown = await Reflect.apply(ai.run, ai, args);
    const maxBytes = byteCapFor((args[1] as { max_tokens?: unknown } | undefined)?.max_tokens);
    if (answer instanceof ReadableStream) return cappedStream(answer, maxBytes);
    const bytes = encoder.encode(JSON.stringify(answer) ?? "").byteLength;
    if (bytes > maxBytes) throw new AnswerTooLarge(maxBytes, bytes);
    return answer;
  };
  return new Proxy(ai, {
    get: (target, property) => {
      if (property === "run") return run;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Builds the AI SDK model for one configured provider and structured-output mode; nothing is called until
 * the model is used. An OpenAI-compatible model sends the JSON schema only when built for schema mode.
 */
export function createLanguageModel(
  config: ProviderConfig,
  deps: ProviderDeps,
  mode: StructuredMode = "json_schema",
): LanguageModel {
  const { gateway } = deps;
  // The runtime's fetch is looked up at each call, not captured here.
  const fetchOption = { fetch: capAnswers(() => deps.fetch ?? fetch) };
  switch (config.type) {
    case "groq":
      return createGroq({
        ...(deps.groqApiKey ? { apiKey: deps.groqApiKey } : {}),
        ...(gateway ? { baseURL: gatewayUrl(gateway, "groq") } : config.baseUrl ? { baseURL: config.baseUrl } : {}),
        headers: gatewayHeaders(gateway),
        ...fetchOption,
      })(config.model);
    case "openai-compatible": {
      // A self-hosted server (Ollama, vLLM, llama.cpp) is usually out of the gateway's reach, so it goes
      // through the gateway only when the configuration names the gateway's provider path for it.
      const viaGateway = gateway && config.gatewayProvider;
      return createOpenAICompatible({
        name: config.name,
        baseURL: viaGateway ? gatewayUrl(gateway, config.gatewayProvider as string) : (config.baseUrl as string),
        ...(deps.openAiCompatibleApiKey ? { apiKey: deps.openAiCompatibleApiKey } : {}),
        headers: viaGateway ? gatewayHeaders(gateway) : {},
        supportsStructuredOutputs: mode === "json_schema",
        ...fetchOption,
      })(config.model);
    }
    case "workers-ai": {
      if (!deps.ai) throw new Error(`provider ${config.name}: the AI binding is not configured`);
      return createWorkersAI({
        binding: capBinding(deps.ai),
        ...(gateway ? { gateway: { id: gateway.gatewayId } } : {}),
      })(config.model as Parameters<ReturnType<typeof createWorkersAI>>[0]);
    }
  }
}

/**
 * The providers as model targets. What a provider cannot work without is checked here, when the writer is
 * made, so that it fails as a misconfiguration instead of on every call (a failure each try would retry).
 */
export function modelTargets(configs: ProviderConfig[], deps: ProviderDeps): ModelTarget[] {
  for (const config of configs) {
    if (config.type === "workers-ai" && !deps.ai)
      throw new Error(`provider ${config.name}: workers-ai needs the AI binding (an [ai] binding named AI)`);
    // Through AI Gateway the key may be one the gateway holds.
    if (config.type === "groq" && !deps.groqApiKey && !deps.gateway)
      throw new Error(`provider ${config.name}: groq needs the GROQ_API_KEY secret`);
  }
  return configs.map((config) => {
    const models = new Map<StructuredMode, LanguageModel>();
    return {
      provider: config.name,
      model: config.model,
      weight: config.weight,
      maxConcurrency: config.maxConcurrency ?? DEFAULT_CONCURRENCY[config.type],
      mode: config.structuredOutputs ?? "json_schema",
      languageModel: (mode) => {
        const key = config.type === "openai-compatible" && mode === "json_schema" ? mode : "json_object";
        let model = models.get(key);
        if (!model) {
          model = createLanguageModel(config, deps, key);
          models.set(key, model);
        }
        return model;
      },
      providerOptions: (mode) => providerOptions(config, mode),
      policy: providerPolicy(config),
    };
  });
}

/** A provider's limits (unbounded where none is configured: the breaker still applies) and breaker settings. */
export function providerPolicy(config: ProviderConfig): ProviderPolicy {
  return {
    limits: { rpm: config.rpm ?? 1_000_000, tpm: config.tpm ?? 1_000_000_000 },
    ...(config.breaker ? { breaker: config.breaker } : {}),
  };
}

/**
 * Strict schema checking (Groq's default, OpenAI's strict mode) rejects the optional fields our schemas have
 * (an empty FAQ list may be left out); the answer is validated here anyway. Groq in JSON mode is told so.
 */
function providerOptions(config: ProviderConfig, mode: StructuredMode): ProviderOptions | undefined {
  if (config.type === "groq") {
    return { groq: { strictJsonSchema: false, ...(mode === "json_schema" ? {} : { structuredOutputs: false }) } };
  }
  if (config.type === "openai-compatible") return { openaiCompatible: { strictJsonSchema: false } };
  return undefined;
}
