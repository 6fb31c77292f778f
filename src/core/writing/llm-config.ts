import { z } from "zod";

/** One configured LLM endpoint (from the `LLM_PROVIDERS` JSON list). */
export const ProviderConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    type: z.enum(["groq", "workers-ai", "openai-compatible"]),
    model: z.string().trim().min(1).max(200),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    weight: z.number().positive().max(1000).default(1),
    /** Calls the provider takes at once; sections are written in parallel up to this. */
    maxConcurrency: z.number().int().min(1).max(16).optional(),
    /** false for models that take only JSON mode, not a JSON schema (e.g. some Groq models). */
    structuredOutputs: z.boolean().optional(),
    /** For OpenAI-compatible servers the gateway can reach: the gateway's provider path, e.g. "openai". */
    gatewayProvider: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional(),
  })
  .refine((p) => p.type !== "openai-compatible" || p.baseUrl, {
    message: "an openai-compatible provider needs a baseUrl",
    path: ["baseUrl"],
  });

export type ProviderConfig = z.output<typeof ProviderConfigSchema>;

export const ProvidersSchema = z.array(ProviderConfigSchema).max(20);

/** US dollars per million tokens, by model id (from the `LLM_PRICES` JSON object). */
export const PriceTableSchema = z.record(
  z.string(),
  z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }),
);

export type PriceTable = z.output<typeof PriceTableSchema>;

export function callCost(prices: PriceTable, model: string, inputTokens: number, outputTokens: number): number {
  const price = prices[model];
  if (!price) return 0;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

export const DEFAULT_CONCURRENCY: Record<ProviderConfig["type"], number> = {
  groq: 4,
  "workers-ai": 4,
  // Local servers (Ollama, llama.cpp) usually serve one or two requests at a time.
  "openai-compatible": 2,
};
