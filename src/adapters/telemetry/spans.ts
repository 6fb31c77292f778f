import { context, propagation, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import type { CallUsage } from "../../core/article/model";

const tracer = () => trace.getTracer("optiblog-edge");

/**
 * Exports what the trace has recorded so far. The Workers tracer (otel-cf-workers) flushes per trace id; it is
 * reached through the OpenTelemetry API, so this module loads anywhere (the OpenAPI document is built in Node).
 */
async function flushTrace(traceId: string): Promise<void> {
  const flushable = trace.getTracer("export") as { forceFlush?: (traceId?: string) => Promise<void> };
  if (typeof flushable.forceFlush === "function") await flushable.forceFlush(traceId);
}

/** The active span's `traceparent`, when tracing is on and a span is recording. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/**
 * A message's `traceparent` from the span that sends it, kept only when that span is in the message's own
 * trace (a cron sweep re-driving a job is not part of the job's trace).
 */
export function traceparentFor(traceId: string): string | undefined {
  const parent = activeTraceparent();
  return parent && parent.split("-")[1] === traceId.toLowerCase().replaceAll("-", "") ? parent : undefined;
}

/**
 * Runs `work` in a consumer span whose parent is the message's `traceparent` (or, lacking one, the job's trace
 * id), so every stage of a job lands in the job's one trace. Without tracing on, it just runs `work`.
 */
export async function inMessageSpan<T>(
  name: string,
  message: { traceId: string; traceparent?: string | undefined },
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
  ctx?: { waitUntil(promise: Promise<unknown>): void },
): Promise<T> {
  const active = trace.getActiveSpan();
  if (!active) return work();
  const traceId = message.traceId.toLowerCase().replaceAll("-", "");
  // Without the message's own traceparent (a cron re-drive carries none), the job's trace is joined under a
  // parent of its own, kept or not as the head sampler decided for this invocation's span: the configured ratio
  // holds for re-drives too, instead of every one being exported.
  const sampled = (active.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? "01" : "00";
  const carrier = {
    traceparent:
      message.traceparent ??
      (/^[0-9a-f]{32}$/.test(traceId)
        ? `00-${traceId}-${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("")}-${sampled}`
        : ""),
  };
  const parent = carrier.traceparent ? propagation.extract(context.active(), carrier) : context.active();
  return tracer().startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
      // The job's trace is not the batch's: export it too before the invocation ends.
      ctx?.waitUntil(flushTrace(span.spanContext().traceId));
    }
  });
}

/**
 * Runs `work` in a child span of the active one (a Guard RPC, a webhook attempt, the assessment); `settle`
 * adds what only the result tells (a status code, a score). Without an active span (tracing off, or outside a
 * traced invocation), it just runs `work`.
 */
export function inChildSpan<T>(
  name: string,
  options: { kind?: "client" | "internal"; attributes?: Record<string, string | number | boolean> },
  work: () => T,
  settle?: (result: Awaited<T>) => Record<string, string | number | boolean>,
): T {
  if (!trace.getActiveSpan()) return work();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes: options.attributes ?? {} },
    (span) => {
      const failed = (error: unknown) => {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        throw error;
      };
      const done = (result: Awaited<T>) => {
        if (settle) span.setAttributes(settle(result));
        span.end();
        return result;
      };
      try {
        const result = work();
        if (result instanceof Promise) return result.then(done, failed) as T;
        return done(result as Awaited<T>) as T;
      } catch (error) {
        return failed(error);
      }
    },
  );
}

/**
 * One client span per LLM call a committed event records, under the active (stage) span: provider, model,
 * tokens and cost as attributes. The calls are known once the draft is committed, so each span ends at the
 * commit and lasts the call's measured latency. Without tracing on, the spans are no-ops.
 */
export function recordLlmCalls(calls: readonly CallUsage[], now = Date.now()): void {
  for (const call of calls) {
    const span = tracer().startSpan(`llm ${call.provider} ${call.purpose}`, {
      kind: SpanKind.CLIENT,
      startTime: now - call.latencyMs,
      attributes: {
        "gen_ai.system": call.provider,
        "gen_ai.request.model": call.model,
        "gen_ai.operation.name": call.purpose,
        "gen_ai.usage.input_tokens": call.inputTokens,
        "gen_ai.usage.output_tokens": call.outputTokens,
        "llm.cost_usd": call.costUsd,
      },
    });
    span.end(now);
  }
}
