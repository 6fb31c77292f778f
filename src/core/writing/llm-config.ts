import { z } from "zod";

/**
 * How a provider is asked for structured output: a JSON schema in `response_format`, JSON mode with the
 * schema described in the prompt, or one forced tool call whose arguments are the answer.
 */
export const STRUCTURED_MODES = ["json_schema", "json_object", "tool"] as const;
export type StructuredMode = (typeof STRUCTURED_MODES)[number];

/** The mode to try after a server rejected `mode`; undefined when none is left. */
export function nextStructuredMode(mode: StructuredMode): StructuredMode | undefined {
  return STRUCTURED_MODES[STRUCTURED_MODES.indexOf(mode) + 1];
}

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
    /**
     * The structured-output mode to start with (default `json_schema`); `true`/`false` mean `json_schema` and
     * `json_object`. A server that rejects the mode is served in the next one from then on.
     */
    structuredOutputs: z
      .union([z.enum(STRUCTURED_MODES), z.boolean().transform((on) => (on ? "json_schema" : "json_object"))])
      .optional(),
    /** The provider's requests per minute and tokens per minute (its published or configured limits). */
    rpm: z.number().int().positive().max(1_000_000).optional(),
    tpm: z.number().int().positive().max(1_000_000_000).optional(),
    /** The provider's circuit breaker (defaults in the README). */
    breaker: z
      .object({
        failureThreshold: z.number().int().min(1).max(1000),
        errorRate: z.number().gt(0).max(1),
        minCalls: z.number().int().min(1).max(10_000),
        windowMs: z.number().int().min(1000).max(3_600_000),
        coolDownMs: z.number().int().min(100).max(3_600_000),
      })
      .partial()
      .optional(),
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

/**
 * Providers are told apart by name: guards, learned output modes and the providers a part avoids are keyed by it,
 * so two of one name would share one breaker and one budget.
 */
export const ProvidersSchema = z
  .array(ProviderConfigSchema)
  .max(20)
  .superRefine((providers, context) => {
    const seen = new Set<string>();
    providers.forEach((provider, index) => {
      if (seen.has(provider.name))
        context.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `provider name "${provider.name}" is used twice`,
        });
      seen.add(provider.name);
    });
  });

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
