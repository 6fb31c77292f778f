import { z } from "zod";
import { DurableGuards } from "../adapters/guards/durable";
import { AiSdkStructuredModel } from "../adapters/writers/ai-sdk-model";
import { type GatewayConfig, modelTargets, providerPolicy } from "../adapters/writers/providers";
import { jsonVar } from "../config";
import { PermanentError } from "../core/errors";
import type { ProviderPolicy } from "../core/guard/provider-guard";
import type { Writer } from "../core/ports/writer";
import { ExtractiveWriter } from "../core/writing/extractive";
import { PriceTableSchema, ProvidersSchema } from "../core/writing/llm-config";
import { LlmWriter } from "../core/writing/llm-writer";

/** Writer settings as they arrive in `env`: vars from wrangler.toml, keys from secrets. */
const WriterEnvSchema = z.object({
  /** JSON text, or a TOML array / table as `[vars]` keeps it. */
  LLM_PROVIDERS: z.unknown().optional(),
  LLM_PRICES: z.unknown().optional(),
  GROQ_API_KEY: z.string().optional(),
  OPENAI_COMPATIBLE_API_KEY: z.string().optional(),
  AI_GATEWAY_ACCOUNT_ID: z.string().optional(),
  AI_GATEWAY_ID: z.string().optional(),
  AI_GATEWAY_TOKEN: z.string().optional(),
});

function parseJson<T>(name: string, raw: unknown, fallback: string, parse: (value: unknown) => T): T {
  try {
    return parse(jsonVar(raw) ?? JSON.parse(fallback));
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 300) : String(error);
    throw new PermanentError("writer_misconfigured", `${name} is not valid: ${detail}`);
  }
}

export interface WriterOverrides {
  /** Replaces the network for provider calls (tests, local stubs). */
  fetch?: typeof fetch;
}

/**
 * The one place that reads writer configuration: LLM providers (through AI Gateway when an account and
 * gateway id are set) or, with none configured, the extractive writer.
 */
export function createWriter(env: Env, overrides: WriterOverrides = {}): Writer {
  const settings = WriterEnvSchema.safeParse(env);
  if (!settings.success) throw new PermanentError("writer_misconfigured", settings.error.message.slice(0, 300));
  const vars = { ...settings.data, AI: env.AI };
  const providers = parseJson("LLM_PROVIDERS", vars.LLM_PROVIDERS, "[]", (v) => ProvidersSchema.parse(v));
  if (providers.length === 0) return new ExtractiveWriter();
  const prices = parseJson("LLM_PRICES", vars.LLM_PRICES, "{}", (v) => PriceTableSchema.parse(v));
  const gateway: GatewayConfig | undefined =
    vars.AI_GATEWAY_ACCOUNT_ID && vars.AI_GATEWAY_ID
      ? {
          accountId: vars.AI_GATEWAY_ACCOUNT_ID,
          gatewayId: vars.AI_GATEWAY_ID,
          ...(vars.AI_GATEWAY_TOKEN ? { token: vars.AI_GATEWAY_TOKEN } : {}),
        }
      : undefined;
  try {
    const targets = modelTargets(providers, {
      ...(vars.GROQ_API_KEY ? { groqApiKey: vars.GROQ_API_KEY } : {}),
      ...(vars.OPENAI_COMPATIBLE_API_KEY ? { openAiCompatibleApiKey: vars.OPENAI_COMPATIBLE_API_KEY } : {}),
      ...(gateway ? { gateway } : {}),
      ...(vars.AI ? { ai: vars.AI } : {}),
      ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
    });
    const guards = env.GUARD ? new DurableGuards(env.GUARD) : undefined;
    const model = new AiSdkStructuredModel(targets, {
      prices,
      ...(guards ? { guard: (name: string) => guards.provider(name) } : {}),
    });
    return new LlmWriter(`llm:${model.name}`, model);
  } catch (error) {
    throw new PermanentError("writer_misconfigured", error instanceof Error ? error.message : String(error));
  }
}

export interface ConfiguredProvider {
  name: string;
  type: string;
  model: string;
  weight: number;
  policy: ProviderPolicy;
}

/** The configured LLM providers with the limits and breaker settings their guards use. */
export function configuredProviders(env: Env): ConfiguredProvider[] {
  const settings = WriterEnvSchema.safeParse(env);
  if (!settings.success) throw new PermanentError("writer_misconfigured", settings.error.message.slice(0, 300));
  const providers = parseJson("LLM_PROVIDERS", settings.data.LLM_PROVIDERS, "[]", (v) => ProvidersSchema.parse(v));
  return providers.map((config) => ({
    name: config.name,
    type: config.type,
    model: config.model,
    weight: config.weight,
    policy: providerPolicy(config),
  }));
}
