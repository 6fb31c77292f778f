import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import worker from "../src/index";
import type { StageMessage } from "../src/queues/messages";
import { bearer, createTenant } from "./helpers";
import { stubWeb } from "./jobs-fixtures";

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  headers: Record<string, string>;
}

const receiver = inject("otlpReceiver");
const HOOK_URL = "https://hooks.example/done";
const traced = {
  ...env,
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver,
  OTEL_EXPORTER_OTLP_HEADERS: "x-collector-token=s3cret%20value",
} as Env;

async function received(): Promise<ReceivedSpan[]> {
  return (await (await fetch(`${receiver}/spans`)).json()) as ReceivedSpan[];
}

/** Delivers the job's outbox messages through the Worker's own queue handler, with tracing on, until it ends. */
async function driveTraced(jobId: string): Promise<StageMessage[]> {
  const delivered = new Set<string>();
  const messages: StageMessage[] = [];
  for (let round = 0; round < 40; round++) {
    const { results } = await env.DB.prepare(
      "SELECT id, queue, body FROM outbox WHERE body LIKE ? ORDER BY created_at, rowid",
    )
      .bind(`%"${jobId}"%`)
      .all<{ id: string; queue: string; body: string }>();
    const pending = results.filter((row) => !delivered.has(row.id));
    for (const row of pending) {
      delivered.add(row.id);
      const body = JSON.parse(row.body) as StageMessage;
      messages.push(body);
      const batch = createMessageBatch<StageMessage>(`optiblog-${body.stage}`, [
        { id: row.id, timestamp: new Date(), attempts: 1, body },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch as MessageBatch<unknown>, traced, ctx);
      await waitOnExecutionContext(ctx);
    }
    if (pending.length === 0 && messages.some((m) => m.stage === "deliver")) return messages;
  }
  throw new Error(`job ${jobId} did not reach its deliver stage`);
}

let restore = () => {};
afterEach(() => restore());

describe("traces", { timeout: 60_000 }, () => {
  it("exports one job's spans to the OTLP receiver as one tree across request, research, write and deliver", async () => {
    const web = stubWeb();
    const stubbed = globalThis.fetch;
    const realFetch = web.realFetch;
    const hookTraceparents: string[] = [];
    // The receiver is on loopback: let the exporter's posts through the stubbed web. The job's webhook is answered here.
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.url.startsWith(receiver)) return realFetch(input, init);
      if (request.url === HOOK_URL) {
        hookTraceparents.push(request.headers.get("traceparent") ?? "");
        return new Response(null, { status: 204 });
      }
      return stubbed(input, init);
    }) as typeof fetch;
    restore = web.restore;
    const tenant = await createTenant("Traced");

    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("http://localhost/v1/articles", {
        method: "POST",
        headers: { ...bearer(tenant.key), "content-type": "application/json" },
        body: JSON.stringify({ keyword: "home composting guide", webhookUrl: HOOK_URL }),
      }),
      traced,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const job = await env.DB.prepare("SELECT trace_id FROM jobs WHERE id = ?").bind(id).first<{ trace_id: string }>();
    const traceId = job?.trace_id ?? "";

    const messages = await driveTraced(id);
    // Every stage message carries the sending span's traceparent, in the job's trace.
    for (const message of messages)
      expect(message.traceparent, JSON.stringify({ message, traceId })).toMatch(
        new RegExp(`^00-${traceId}-[0-9a-f]{16}-[0-9a-f]{2}$`),
      );

    const spans = await vi.waitFor(
      async () => {
        const mine = (await received()).filter((span) => span.traceId === traceId);
        expect(mine.map((span) => span.name)).toContain("deliver stage");
        return mine;
      },
      { timeout: 10_000 },
    );
    const ids = new Set(spans.map((span) => span.spanId));
    const roots = spans.filter((span) => !span.parentSpanId);
    expect(roots).toHaveLength(1);
    expect(roots[0]?.name).toMatch(/POST/);
    for (const span of spans) if (span.parentSpanId) expect(ids.has(span.parentSpanId), span.name).toBe(true);
    const names = spans.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining(["research stage", "write stage", "deliver stage", "assess", "webhook delivery"]),
    );
    // Guard calls are client spans: the keyword's admission on the request, a domain's crawl slot in research.
    expect(names).toEqual(expect.arrayContaining(["guard admitKeywordJob", "guard beginCrawl"]));
    // Each span hangs from its stage: assessment from the write stage, the webhook attempt from the deliver stage,
    // and every stage from the request's root.
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestry = (span: ReceivedSpan): string[] => {
      const chain: string[] = [];
      for (
        let at = span.parentSpanId && byId.get(span.parentSpanId);
        at;
        at = at.parentSpanId && byId.get(at.parentSpanId)
      )
        chain.push(at.name);
      return chain;
    };
    const named = (name: string) => spans.find((span) => span.name === name) as ReceivedSpan;
    expect(ancestry(named("assess"))).toContain("write stage");
    expect(ancestry(named("webhook delivery"))).toContain("deliver stage");
    expect(ancestry(named("guard beginCrawl"))).toContain("research stage");
    for (const stage of ["research stage", "write stage", "deliver stage"])
      expect(ancestry(named(stage)).at(-1), stage).toBe(roots[0]?.name);
    // The receiver's traceparent names the attempt's span (or its outbound call's), so its own spans continue the tree.
    expect(hookTraceparents).toHaveLength(1);
    const [, hookTrace, hookParent] = hookTraceparents[0]?.split("-") ?? [];
    expect(hookTrace).toBe(traceId);
    const hookParentSpan = byId.get(hookParent ?? "");
    expect(hookParentSpan && [hookParentSpan.name, ...ancestry(hookParentSpan)]).toContain("webhook delivery");
    // Outbound calls are child spans (pages other tests fetched may come from the cache; this keyword's search not).
    expect(names.some((name) => /fetch GET search\.example/.test(name))).toBe(true);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(["optiblog-edge"]));
    expect(spans[0]?.headers["x-collector-token"]).toBe("s3cret value");
  });

  it("serves with tracing off when the tracing settings are malformed", async () => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("http://localhost/health"),
      { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318", OTEL_TRACES_SAMPLER_ARG: "2" } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
  });
});
