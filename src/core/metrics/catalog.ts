/**
 * Every metric the service records: its Prometheus name, kind, help text and labels. Histograms carry their
 * bucket upper bounds (seconds or tokens); a value above the last bound lands in `+Inf`.
 */
export type MetricKind = "counter" | "histogram";

export interface MetricDefinition {
  kind: MetricKind;
  help: string;
  labels: readonly string[];
  buckets?: readonly number[];
}

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;

export const METRICS = {
  optiblog_jobs_total: {
    kind: "counter",
    help: "Jobs by what happened to them: requested, completed or failed.",
    labels: ["status"],
  },
  optiblog_job_failures_total: {
    kind: "counter",
    help: "Failed jobs by failure code and the stage that failed.",
    labels: ["reason", "stage"],
  },
  optiblog_stage_duration_seconds: {
    kind: "histogram",
    help: "Time a job spent in a stage: waiting for research, researching, writing a draft, delivering a webhook after the run ended.",
    labels: ["stage"],
    buckets: SECONDS,
  },
  optiblog_job_completion_seconds: {
    kind: "histogram",
    help: "Time from a job's request to its completed article.",
    labels: [],
    buckets: SECONDS,
  },
  optiblog_llm_calls_total: {
    kind: "counter",
    help: "LLM calls that returned an answer, by provider and model.",
    labels: ["provider", "model"],
  },
  optiblog_llm_tokens_total: {
    kind: "counter",
    help: "LLM tokens by provider and direction (input or output).",
    labels: ["provider", "direction"],
  },
  optiblog_llm_cost_usd_total: {
    kind: "counter",
    help: "LLM spend in US dollars at the configured prices, by provider.",
    labels: ["provider"],
  },
  optiblog_llm_errors_total: {
    kind: "counter",
    help: "LLM calls that failed, by provider and kind (unwell or rate_limited).",
    labels: ["provider", "kind"],
  },
  optiblog_breaker_transitions_total: {
    kind: "counter",
    help: "Provider circuit breaker state changes, by provider and the state entered.",
    labels: ["provider", "to"],
  },
  optiblog_cache_requests_total: {
    kind: "counter",
    help: "Research cache look-ups by kind (search, robots, page, extract), tier (l1 memory, l2 KV, l3 D1, origin: loads made or shared) and outcome (hit or miss).",
    labels: ["kind", "tier", "outcome"],
  },
  optiblog_sources_total: {
    kind: "counter",
    help: "Pages research read for a job, by outcome: ok, or why the page was not used (blocked_by_robots, ai_use_declined, timeout, off_topic, ...).",
    labels: ["outcome"],
  },
  optiblog_webhook_deliveries_total: {
    kind: "counter",
    help: "Outbound webhook deliveries settled, by outcome (delivered or failed).",
    labels: ["outcome"],
  },
  optiblog_http_requests_total: {
    kind: "counter",
    help: "HTTP requests by route pattern, method and status code.",
    labels: ["route", "method", "status"],
  },
  optiblog_http_request_duration_seconds: {
    kind: "histogram",
    help: "HTTP request handling time by route pattern.",
    labels: ["route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return name in METRICS;
}
