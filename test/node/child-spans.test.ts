import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { inChildSpan } from "../../src/adapters/telemetry/spans";
import { StackContextManager } from "./stack-context";

function tracing() {
  const exporter = new InMemorySpanExporter();
  context.setGlobalContextManager(new StackContextManager());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  const inParent = <T>(work: () => T) =>
    trace.getTracer("test").startActiveSpan("parent", (span) => [work(), span] as const);
  return { exporter, inParent };
}

afterEach(() => {
  trace.disable();
  context.disable();
});

describe("child spans", () => {
  it("runs the work under the active span, with the attributes the result adds", async () => {
    const { exporter, inParent } = tracing();
    const [result, parent] = inParent(() =>
      inChildSpan(
        "guard claimFlight",
        { kind: "client", attributes: { "guard.scope": "operation" } },
        async () => ({ claimed: true, holder: "job_1" }),
        (answer) => ({ "guard.claimed": answer.claimed }),
      ),
    );
    expect(await result).toEqual({ claimed: true, holder: "job_1" });
    parent.end();
    const child = exporter.getFinishedSpans().find((span) => span.name === "guard claimFlight");
    expect(child?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(child?.attributes).toEqual({ "guard.scope": "operation", "guard.claimed": true });
    expect(child?.kind).toBe(SpanKind.CLIENT);
  });

  it("records a rejected call as an error and passes the rejection on", async () => {
    const { exporter, inParent } = tracing();
    const [result] = inParent(() =>
      inChildSpan("webhook delivery", {}, async () => {
        throw new Error("receiver gone");
      }),
    );
    await expect(result).rejects.toThrow("receiver gone");
    const child = exporter.getFinishedSpans().find((span) => span.name === "webhook delivery");
    expect(child?.status.code).toBe(SpanStatusCode.ERROR);
    expect(child?.events.map((event) => event.name)).toEqual(["exception"]);
  });

  it("records synchronous work (the assessment) and a thrown error alike", () => {
    const { exporter, inParent } = tracing();
    const [score] = inParent(() =>
      inChildSpan(
        "assess",
        {},
        () => 82,
        (value) => ({ "assessment.score": value }),
      ),
    );
    expect(score).toBe(82);
    expect(() => inParent(() => inChildSpan("assess", {}, () => JSON.parse("{")))).toThrow(SyntaxError);
    const spans = exporter.getFinishedSpans().filter((span) => span.name === "assess");
    expect(spans.map((span) => [span.attributes["assessment.score"], span.status.code])).toEqual([
      [82, SpanStatusCode.UNSET],
      [undefined, SpanStatusCode.ERROR],
    ]);
  });

  it("just runs the work, recording nothing, with no active span", async () => {
    const { exporter } = tracing();
    expect(await inChildSpan("guard beginCrawl", { kind: "client" }, async () => "ok")).toBe("ok");
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
