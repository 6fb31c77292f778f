import { env } from "cloudflare:workers";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it, vi } from "vitest";
import { MetricRollups } from "../src/adapters/metrics/rollup";
import { submitArticleJob } from "../src/core/app/submit";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import { METRIC_NAMES } from "../src/core/metrics/catalog";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { writeConsumer } from "../src/queues/write";
import { ADMIN, bearer, call, createTenant } from "./helpers";
import { capturingQueues, deliver, testPorts } from "./jobs-fixtures";

async function runJob(tenantId: string, scores: number[]) {
  const capture = capturingQueues();
  const { ports } = testPorts({ scores });
  const research = researchConsumer(ports, capture.services);
  const write = writeConsumer(ports, capture.services);
  await submitArticleJob(
    capture.services(env),
    tenantId,
    ArticleRequestSchema.parse({ keyword: `metrics ${tenantId}` }),
    { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", origin: "api" },
  );
  while (capture.sent.length) {
    const message = capture.sent.shift() as StageMessage;
    if (message.stage !== "deliver") await deliver(message.stage === "research" ? research : write, message);
  }
}

describe("metrics", { timeout: 30_000 }, () => {
  it("rolls a finished job's events up into the tenant's figures in /v1/analytics", async () => {
    const tenant = await createTenant("Metrics analytics");
    await runJob(tenant.id, [60, 85]);
    const body = (await (await call("/v1/analytics", { headers: bearer(tenant.key) })).json()) as {
      operations: {
        timeToCompletionSeconds: { count: number; p95: number | null };
        stageSeconds: { stage: string; count: number }[];
        failuresByReason: unknown[];
        sourcesByOutcome: { outcome: string; count: number }[];
      };
    };
    expect(body.operations.timeToCompletionSeconds.count).toBe(1);
    expect(body.operations.timeToCompletionSeconds.p95).not.toBeNull();
    expect(body.operations.stageSeconds).toContainEqual(expect.objectContaining({ stage: "write", count: 2 }));
    expect(body.operations.failuresByReason).toEqual([]);
    // The job's research read its pages: each is counted once, by outcome.
    const pages = body.operations.sourcesByOutcome;
    expect(pages.find((p) => p.outcome === "ok")?.count).toBeGreaterThan(0);
    const mine = await new MetricRollups(env.DB).totals(tenant.id);
    expect(mine).toContainEqual(
      expect.objectContaining({ metric: "optiblog_jobs_total", labels: { status: "completed" }, value: 1 }),
    );
  });

  it("serves valid Prometheus text with every metric's HELP and TYPE, HTTP requests counted by route", async () => {
    const tenant = await createTenant("Metrics scrape");
    await call("/v1/analytics", { headers: bearer(tenant.key) });
    const text = await vi.waitFor(
      async () => {
        const response = await call("/v1/admin/metrics", { headers: ADMIN });
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
        const body = await response.text();
        expect(body).toMatch(/optiblog_http_requests_total\{route="\/v1\/analytics",method="GET",status="200"\} \d+/);
        return body;
      },
      { timeout: 10_000 },
    );
    const parsed = parsePrometheusTextFormat(text);
    expect(parsed.map((metric) => metric.name).sort()).toEqual([...METRIC_NAMES].sort());
    const requests = parsed.find((metric) => metric.name === "optiblog_http_requests_total");
    expect(requests?.type).toBe("COUNTER");
    expect(requests?.metrics.some((m) => m.labels?.route === "/v1/admin/tenants" && m.labels.status === "201")).toBe(
      true,
    );
  });

  it("answers JSON for ?format=json or an Accept of application/json, and refuses a missing admin token", async () => {
    const json = await call("/v1/admin/metrics?format=json", { headers: ADMIN });
    expect(json.headers.get("content-type")).toContain("application/json");
    const body = (await json.json()) as { data: { name: string; kind: string }[] };
    expect(body.data.find((f) => f.name === "optiblog_job_completion_seconds")?.kind).toBe("histogram");
    const accepted = await call("/v1/admin/metrics", { headers: { ...ADMIN, accept: "application/json" } });
    expect(accepted.headers.get("content-type")).toContain("application/json");
    const bad = await call("/v1/admin/metrics?format=xml", { headers: ADMIN });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await call("/v1/admin/metrics")).status).toBe(401);
  });
});
