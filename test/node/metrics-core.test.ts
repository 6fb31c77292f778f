import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { type NewEvent, RecordedResearchSchema, type StoredEvent } from "../../src/core/jobs/events";
import { ArticleRequestSchema } from "../../src/core/jobs/request";
import { emptyJob } from "../../src/core/jobs/state";
import { METRIC_NAMES } from "../../src/core/metrics/catalog";
import { families, quantileBound } from "../../src/core/metrics/families";
import { appendedMetrics } from "../../src/core/metrics/job-metrics";
import { toPrometheus } from "../../src/core/metrics/prometheus";
import { bucketOf, cacheSamples, counter, observe, type Sample } from "../../src/core/metrics/samples";
import { tenantFigures } from "../../src/core/metrics/tenant-figures";

const T0 = Date.parse("2026-11-26T10:00:00.000Z");

function stored(events: [NewEvent, number][]): StoredEvent[] {
  return events.map(([event, atSeconds], i) => ({
    ...event,
    id: `evt_${i}`,
    streamId: "job_1",
    version: i + 1,
    schemaVersion: 1,
    meta: { tenantId: "ten_1", traceId: "t" },
    time: new Date(T0 + atSeconds * 1000).toISOString(),
  })) as StoredEvent[];
}

const requested: NewEvent = {
  type: "ArticleRequested",
  data: { request: ArticleRequestSchema.parse({ keyword: "home composting" }), origin: "api" },
};
const usage = (provider: string, inputTokens: number, outputTokens: number, costUsd: number) => ({
  provider,
  model: "m",
  purpose: "section",
  inputTokens,
  outputTokens,
  latencyMs: 100,
  costUsd,
});

const find = (samples: Sample[], metric: string, part = "") =>
  samples.filter((sample) => sample.metric === metric && sample.part === part);

describe("metrics from job events", () => {
  it("counts a failed job by reason and stage, and the paid calls of the failed write by provider", () => {
    const samples = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [
          {
            type: "ArticleFailed",
            data: { code: "llm_unavailable", message: "x", stage: "write", usage: [usage("groq", 100, 20, 0.002)] },
          },
          30,
        ],
      ]),
    );
    expect(find(samples, "optiblog_jobs_total").map((s) => s.labels.status)).toEqual(["requested", "failed"]);
    expect(find(samples, "optiblog_job_failures_total")).toEqual([
      {
        metric: "optiblog_job_failures_total",
        part: "",
        labels: { reason: "llm_unavailable", stage: "write" },
        value: 1,
      },
    ]);
    expect(find(samples, "optiblog_llm_tokens_total").map((s) => [s.labels.direction, s.value])).toEqual([
      ["input", 100],
      ["output", 20],
    ]);
    expect(find(samples, "optiblog_llm_cost_usd_total")[0]?.value).toBe(0.002);
  });

  it("times the queue wait, the research stage and the whole job from the event times", () => {
    const samples = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [{ type: "ResearchStarted", data: { run: 1 } }, 2],
        [
          {
            type: "ArticleCompleted",
            data: {
              run: 1,
              bestAttempt: 1,
              passed: true,
              reason: "passed",
              scores: { seo: 80, quality: 80, overall: 80 },
            },
          },
          95,
        ],
      ]),
    );
    const stageSums = find(samples, "optiblog_stage_duration_seconds", "sum");
    expect(stageSums).toEqual([
      { metric: "optiblog_stage_duration_seconds", part: "sum", labels: { stage: "queued" }, value: 2 },
    ]);
    expect(find(samples, "optiblog_job_completion_seconds", "sum")[0]?.value).toBe(95);
    expect(find(samples, "optiblog_job_completion_seconds", "bucket")[0]?.labels.le).toBe("120");
  });
});

describe("metrics of a run that is not the first, or that stopped early", () => {
  const completed = (run: number, extra: Record<string, unknown> = {}): NewEvent =>
    ({
      type: "ArticleCompleted",
      data: {
        run,
        bestAttempt: 1,
        passed: true,
        reason: "passed",
        scores: { seo: 80, quality: 80, overall: 80 },
        ...extra,
      },
    }) as NewEvent;

  it("times a regenerated run from its regeneration, not from the job's first request", () => {
    const week = 7 * 86_400;
    const samples = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [completed(1), 60],
        [{ type: "RegenerationRequested", data: { from: "write", run: 2 } }, week],
        [completed(2), week + 45],
      ]),
    );
    expect(find(samples, "optiblog_job_completion_seconds", "sum").map((s) => s.value)).toEqual([60, 45]);
  });

  it("counts the paid calls a run stopped early records on its ArticleCompleted", () => {
    const samples = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [completed(1, { passed: false, reason: "budget_exceeded", usage: [usage("groq", 900, 300, 0.01)] }), 30],
      ]),
    );
    expect(find(samples, "optiblog_llm_calls_total").map((s) => [s.labels.provider, s.value])).toEqual([["groq", 1]]);
    expect(find(samples, "optiblog_llm_cost_usd_total")[0]?.value).toBe(0.01);
  });
});

describe("writer and deliver metrics", () => {
  const completed: NewEvent = {
    type: "ArticleCompleted",
    data: { run: 1, bestAttempt: 1, passed: true, reason: "passed", scores: { seo: 80, quality: 80, overall: 80 } },
  };
  const webhook = (type: "WebhookDelivered" | "WebhookFailed", deliveryId: string): NewEvent =>
    type === "WebhookDelivered"
      ? { type, data: { deliveryId, url: "https://hooks.example/a", status: 204, attempt: 1 } }
      : { type, data: { deliveryId, url: "https://hooks.example/b", attempt: 3, reason: "HTTP 500" } };

  it("counts no LLM call, tokens or cost for the extractive writer's draft, and counts a model's calls beside it", () => {
    const extractive = { ...usage("extractive", 0, 0, 0), model: "extractive", purpose: "draft" };
    const failed = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [
          {
            type: "ArticleFailed",
            data: {
              code: "invalid_draft",
              message: "x",
              stage: "write",
              usage: [extractive, usage("groq", 10, 5, 0.001)],
            },
          },
          5,
        ],
      ]),
    );
    expect(find(failed, "optiblog_llm_calls_total").map((s) => s.labels.provider)).toEqual(["groq"]);
    expect(find(failed, "optiblog_llm_tokens_total").map((s) => s.labels.provider)).toEqual(["groq", "groq"]);
    expect(find(failed, "optiblog_llm_cost_usd_total").map((s) => s.labels.provider)).toEqual(["groq"]);
  });

  it("times the deliver stage of each delivery from the run's end, delivered or given up", () => {
    const samples = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [completed, 40],
        [webhook("WebhookDelivered", "whd_1"), 41],
        [webhook("WebhookFailed", "whd_2"), 400],
      ]),
    );
    expect(find(samples, "optiblog_stage_duration_seconds", "sum")).toEqual([
      { metric: "optiblog_stage_duration_seconds", part: "sum", labels: { stage: "deliver" }, value: 1 },
      { metric: "optiblog_stage_duration_seconds", part: "sum", labels: { stage: "deliver" }, value: 360 },
    ]);
    expect(find(samples, "optiblog_webhook_deliveries_total").map((s) => s.labels.outcome)).toEqual([
      "delivered",
      "failed",
    ]);
  });
});

describe("cache metrics", () => {
  it("counts a research run's cache hits and misses by kind, tier and outcome from its ResearchCompleted", () => {
    const report = RecordedResearchSchema.parse({
      keyword: "home composting",
      sources: [],
      competitors: { pages: 0 },
      timings: {},
      cache: {
        page: { l1: { hits: 3, misses: 1 }, origin: { hits: 0, misses: 2 } },
        search: { l2: { hits: 1, misses: 0 } },
      },
    });
    const samples = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [{ type: "ResearchStarted", data: { run: 1 } }, 1],
        [{ type: "ResearchCompleted", data: { run: 1, report } }, 4],
      ]),
    );
    const lookups = find(samples, "optiblog_cache_requests_total").map((s) => [
      s.labels.kind,
      s.labels.tier,
      s.labels.outcome,
      s.value,
    ]);
    expect(lookups).toEqual([
      ["page", "l1", "hit", 3],
      ["page", "l1", "miss", 1],
      ["page", "origin", "miss", 2],
      ["search", "l2", "hit", 1],
    ]);
  });

  it("counts the pages a research run read by outcome: ok, or why each was not used", () => {
    const page = (url: string, status: string, reason?: string) => ({
      id: 1,
      url,
      title: "t",
      status,
      ...(reason ? { reason } : {}),
      headings: [],
      paragraphs: [],
      lists: [],
      text: "",
      wordCount: 0,
    });
    const report = RecordedResearchSchema.parse({
      keyword: "home composting",
      sources: [
        page("https://a.test/1", "ok"),
        page("https://a.test/2", "ok"),
        page("https://b.test/1", "failed", "ai_use_declined"),
        page("https://c.test/1", "failed", "blocked_by_robots"),
        page("https://b.test/2", "failed", "ai_use_declined"),
      ],
      competitors: { pages: 0 },
      timings: {},
    });
    const samples = appendedMetrics(
      emptyJob("job_1"),
      stored([
        [requested, 0],
        [{ type: "ResearchStarted", data: { run: 1 } }, 1],
        [{ type: "ResearchCompleted", data: { run: 1, report } }, 4],
      ]),
    );
    expect(find(samples, "optiblog_sources_total").map((s) => [s.labels.outcome, s.value])).toEqual([
      ["ok", 2],
      ["ai_use_declined", 2],
      ["blocked_by_robots", 1],
    ]);
  });

  it("gives no cache samples for research recorded without counts, or with counts that do not read", () => {
    expect(cacheSamples(undefined)).toEqual([]);
    expect(cacheSamples({ page: { l9: { hits: 1, misses: 0 } } })).toEqual([]);
    expect(cacheSamples({ page: { l1: { hits: -1, misses: 0 } } })).toEqual([]);
  });
});

describe("histogram buckets", () => {
  it("puts a value in the smallest bound at or above it, and past the last bound in +Inf", () => {
    expect(bucketOf([1, 5, 10], 1)).toBe("1");
    expect(bucketOf([1, 5, 10], 1.01)).toBe("5");
    expect(bucketOf([1, 5, 10], 11)).toBe("+Inf");
  });

  it("makes bucket counts cumulative and reads a quantile's bound from them", () => {
    const samples = [5, 5, 50, 200, 5000].flatMap((value) => observe("optiblog_job_completion_seconds", {}, value));
    const family = families(samples).find((f) => f.name === "optiblog_job_completion_seconds");
    if (family?.kind !== "histogram") throw new Error("a histogram");
    const series = family.series[0];
    if (!series) throw new Error("one series");
    expect(series.count).toBe(5);
    expect(series.sum).toBe(5260);
    expect(series.buckets.find((b) => b.le === "60")?.count).toBe(3);
    expect(series.buckets.at(-1)).toEqual({ le: "+Inf", count: 5 });
    expect(quantileBound(series, 0.5)).toBe(60);
    expect(quantileBound(series, 0.95)).toBe(Number.POSITIVE_INFINITY);
  });

  it("tells a tenant's completion quantile past the largest bound from no completions at all", () => {
    const none = tenantFigures([]).timeToCompletionSeconds;
    expect(none).toEqual({ count: 0, mean: null, p50: null, p50Above: false, p95: null, p95Above: false });

    const slow = [5, 5, 50, 200, 5000].flatMap((value) => observe("optiblog_job_completion_seconds", {}, value));
    expect(tenantFigures(slow).timeToCompletionSeconds).toEqual({
      count: 5,
      mean: 1052,
      p50: 60,
      p50Above: false,
      p95: 3600,
      p95Above: true,
    });

    const allSlow = [4000, 9000].flatMap((value) => observe("optiblog_job_completion_seconds", {}, value));
    expect(tenantFigures(allSlow).timeToCompletionSeconds).toMatchObject({ p50: 3600, p50Above: true, p95Above: true });

    const withinLast = [3500].flatMap((value) => observe("optiblog_job_completion_seconds", {}, value));
    expect(tenantFigures(withinLast).timeToCompletionSeconds).toMatchObject({ p95: 3600, p95Above: false });
  });
});

describe("Prometheus text", () => {
  const samples = [
    ...counter("optiblog_jobs_total", { status: "completed" }, 3),
    ...counter("optiblog_job_failures_total", { reason: 'say "no"\\\nnow', stage: "write" }),
    ...observe("optiblog_http_request_duration_seconds", { route: "/v1/articles/:id" }, 0.02),
    ...observe("optiblog_http_request_duration_seconds", { route: "/v1/articles/:id" }, 7),
  ];
  const text = toPrometheus(families(samples));

  it("declares every metric with HELP and TYPE, even those with no samples yet", () => {
    const parsed = parsePrometheusTextFormat(text);
    expect(parsed.map((metric) => metric.name).sort()).toEqual([...METRIC_NAMES].sort());
    for (const metric of parsed) expect(metric.help.length).toBeGreaterThan(0);
    expect(text).toContain("# TYPE optiblog_http_request_duration_seconds histogram");
  });

  it("parses back to the recorded values, escaped label values included", () => {
    const parsed = parsePrometheusTextFormat(text);
    const jobs = parsed.find((metric) => metric.name === "optiblog_jobs_total");
    expect(jobs?.type).toBe("COUNTER");
    expect(jobs?.metrics).toEqual([{ labels: { status: "completed" }, value: "3" }]);
    const failures = parsed.find((metric) => metric.name === "optiblog_job_failures_total");
    expect(failures?.metrics[0]?.labels?.reason).toBe('say "no"\\\nnow');
    const durations = parsed.find((metric) => metric.name === "optiblog_http_request_duration_seconds");
    expect(durations?.type).toBe("HISTOGRAM");
    // The parser keeps a labelled histogram's buckets but not its sum and count: those are read as lines.
    expect(durations?.metrics[0]?.buckets?.["0.025"]).toBe("1");
    expect(durations?.metrics[0]?.buckets?.["+Inf"]).toBe("2");
    expect(text).toContain('optiblog_http_request_duration_seconds_sum{route="/v1/articles/:id"} 7.02\n');
    expect(text).toContain('optiblog_http_request_duration_seconds_count{route="/v1/articles/:id"} 2\n');
  });

  it("writes only lines of the exposition grammar: comments, or a name, labels and a number", () => {
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? (-?[0-9.e+-]+|[+-]Inf|NaN)$/;
    const comment = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;
    const lines = text.trimEnd().split("\n");
    for (const line of lines) expect(comment.test(line) || sample.test(line), line).toBe(true);
  });
});
