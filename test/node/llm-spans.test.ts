import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { recordLlmCalls } from "../../src/adapters/telemetry/spans";

describe("LLM call spans", () => {
  it("records each call as a client span with provider, model, tokens and cost, lasting its latency", () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const now = Date.parse("2026-12-01T10:00:00.000Z");
    recordLlmCalls(
      [
        {
          provider: "groq",
          model: "llama-3.3-70b-versatile",
          purpose: "section",
          inputTokens: 1200,
          outputTokens: 300,
          latencyMs: 850,
          costUsd: 0.00095,
        },
      ],
      now,
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe("llm groq section");
    expect(span?.attributes).toMatchObject({
      "gen_ai.system": "groq",
      "gen_ai.request.model": "llama-3.3-70b-versatile",
      "gen_ai.usage.input_tokens": 1200,
      "gen_ai.usage.output_tokens": 300,
      "llm.cost_usd": 0.00095,
    });
    const durationMs = (span?.duration[0] ?? 0) * 1000 + (span?.duration[1] ?? 0) / 1e6;
    expect(durationMs).toBeCloseTo(850, 0);
    trace.disable();
  });
});
