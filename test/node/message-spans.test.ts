import { context, propagation, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { inMessageSpan } from "../../src/adapters/telemetry/spans";
import { StackContextManager } from "./stack-context";

const JOB_TRACE = "0af7651916cd43dd8448eb211c80319c";

/** The spans a stage message without a traceparent exports, under a head sampler keeping `ratio` of new traces. */
async function exportedAt(ratio: number) {
  const exporter = new InMemorySpanExporter();
  // The API registers each global once: what an earlier call set is taken down first.
  trace.disable();
  context.disable();
  propagation.disable();
  context.setGlobalContextManager(new StackContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }),
  );
  // The queue batch's own span, as the instrumentation starts it, then the stage's span in the job's trace.
  await trace.getTracer("t").startActiveSpan("queue batch", async (batch) => {
    await inMessageSpan("research stage", { traceId: JOB_TRACE }, {}, async () => undefined);
    batch.end();
  });
  return exporter.getFinishedSpans().filter((span) => span.name === "research stage");
}

describe("a stage message without a traceparent (a cron re-drive)", () => {
  afterEach(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it("follows the head sampler's decision for the invocation instead of forcing its span to be kept", async () => {
    expect(await exportedAt(0)).toEqual([]);
    const kept = await exportedAt(1);
    expect(kept.map((span) => span.spanContext().traceId)).toEqual([JOB_TRACE]);
  });
});
