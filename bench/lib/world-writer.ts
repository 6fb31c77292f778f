/**
 * The LLM writer as the pipeline builds it (AI SDK model over an OpenAI-compatible provider), pointed at the
 * simulated world's provider on a free 127.0.0.1 port: offline, deterministic, and bounded by a per-call timeout
 * and a small retry budget. The world's model answers from the prompt's own evidence sentences, so the figures
 * measure what the pipeline does around a model (outline, citations, assessment, revision), not a model's prose.
 */
import { startWorld } from "../../scripts/world/server.mjs";
import { AiSdkStructuredModel } from "../../src/adapters/writers/ai-sdk-model";
import { modelTargets } from "../../src/adapters/writers/providers";
import type { Writer } from "../../src/core/ports/writer";
import { ProvidersSchema } from "../../src/core/writing/llm-config";
import { LlmWriter } from "../../src/core/writing/llm-writer";

export interface WorldWriter {
  writer: Writer;
  /** Requests the simulated provider served. */
  requests(): number;
  close(): Promise<void>;
}

export async function worldLlmWriter(): Promise<WorldWriter> {
  const world = await startWorld({
    port: 0,
    providers: { bench: { rpm: 100_000, tpm: 1_000_000_000, ttftMs: 0, tokensPerSecond: 1_000_000, seed: 1 } },
  });
  const providers = ProvidersSchema.parse([
    { name: "bench", type: "openai-compatible", model: "world-bench", baseUrl: world.providerUrl("bench") },
  ]);
  const model = new AiSdkStructuredModel(modelTargets(providers, {}), {
    prices: {},
    timeoutMs: 20_000,
    maxRetries: 1,
  });
  return {
    writer: new LlmWriter("llm:world", model),
    requests: () => world.providers.get("bench")?.stats.requests ?? 0,
    close: () => world.close(),
  };
}
