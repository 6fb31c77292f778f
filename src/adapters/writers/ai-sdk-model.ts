import { generateText, type LanguageModel, NoObjectGeneratedError, Output } from "ai";
import type { CallUsage } from "../../core/article/model";
import { callCost, type PriceTable } from "../../core/writing/llm-config";
import type { ModelAnswer, ModelCall, StructuredModel } from "../../core/writing/model";
import { selectProvider } from "../../core/writing/select-provider";
import { toTypedError } from "./errors";

export interface ModelTarget {
  provider: string;
  model: string;
  weight: number;
  maxConcurrency: number;
  languageModel: LanguageModel;
  /** Per-provider settings passed with every call (AI SDK `providerOptions`). */
  providerOptions?: Record<string, Record<string, boolean | string | number>>;
}

export interface AiSdkModelOptions {
  prices: PriceTable;
  timeoutMs?: number;
  /**
   * In-call retries of transient failures (default none): the stage queue retries with backoff, and a
   * synchronous caller gets Retry-After at once instead of a request that hangs through the provider's wait.
   */
  maxRetries?: number;
  random?: () => number;
  now?: () => number;
}

/** Why an answer did not parse, in words a model can act on when asked to repair it. */
function describe(error: NoObjectGeneratedError): string {
  if (error.finishReason === "length") return "the answer was cut off at the output limit; answer more concisely";
  const detail = error.cause instanceof Error ? error.cause.message : error.message;
  return `the answer is not valid JSON for the requested shape: ${detail.slice(0, 600)}`;
}

/** The StructuredModel port on the AI SDK: `generateText` with `Output.object`, one provider chosen per call. */
export class AiSdkStructuredModel implements StructuredModel {
  readonly name: string;
  readonly maxConcurrency: number;

  constructor(
    private readonly targets: ModelTarget[],
    private readonly options: AiSdkModelOptions,
  ) {
    if (targets.length === 0) throw new RangeError("at least one model target is needed");
    this.name = targets.map((t) => `${t.provider}:${t.model}`).join(",");
    this.maxConcurrency = Math.min(...targets.map((t) => t.maxConcurrency));
  }

  async generate<T>(call: ModelCall<T>): Promise<ModelAnswer<T>> {
    const target = selectProvider(this.targets, this.options.random);
    const now = this.options.now ?? Date.now;
    const started = now();
    const usage = (input: number | undefined, output: number | undefined): CallUsage => {
      const inputTokens = input ?? 0;
      const outputTokens = output ?? 0;
      return {
        provider: target.provider,
        model: target.model,
        purpose: call.purpose,
        inputTokens,
        outputTokens,
        latencyMs: Math.max(0, now() - started),
        costUsd: callCost(this.options.prices, target.model, inputTokens, outputTokens),
      };
    };
    try {
      const result = await generateText({
        model: target.languageModel,
        system: call.system,
        prompt: call.prompt,
        output: Output.object({ schema: call.schema }),
        maxOutputTokens: call.maxOutputTokens,
        ...(target.providerOptions ? { providerOptions: target.providerOptions } : {}),
        maxRetries: this.options.maxRetries ?? 0,
        abortSignal: AbortSignal.timeout(this.options.timeoutMs ?? 90_000),
      });
      return { ok: true, value: result.output as T, usage: usage(result.usage.inputTokens, result.usage.outputTokens) };
    } catch (error) {
      if (NoObjectGeneratedError.isInstance(error)) {
        return {
          ok: false,
          problem: describe(error),
          text: error.text ?? "",
          usage: usage(error.usage?.inputTokens, error.usage?.outputTokens),
        };
      }
      throw toTypedError(error, target.provider);
    }
  }
}
