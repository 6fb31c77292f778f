import { families, type HistogramSeries, type MetricFamily, quantileBound } from "./families";
import type { Sample } from "./samples";

export interface TenantFigures {
  failuresByReason: { reason: string; stage: string; count: number }[];
  /** Pages research read for the tenant's jobs, by outcome (`ok` or why a page was not used), most first. */
  sourcesByOutcome: { outcome: string; count: number }[];
  llm: { provider: string; calls: number; inputTokens: number; outputTokens: number; costUsd: number }[];
  webhooks: { delivered: number; failed: number };
  /**
   * Upper bounds (seconds) of the histogram buckets the quantiles fall in; null only with no completions. A quantile
   * past the largest bound reads that bound with its `…Above` flag set: the time is longer than it, by how much the
   * histogram cannot say.
   */
  timeToCompletionSeconds: {
    count: number;
    mean: number | null;
    p50: number | null;
    p50Above: boolean;
    p95: number | null;
    p95Above: boolean;
  };
  stageSeconds: { stage: string; count: number; mean: number }[];
}

const counters = (all: MetricFamily[], name: string) => {
  const family = all.find((f) => f.name === name);
  return family?.kind === "counter" ? family.series : [];
};
const histograms = (all: MetricFamily[], name: string): HistogramSeries[] => {
  const family = all.find((f) => f.name === name);
  return family?.kind === "histogram" ? family.series : [];
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A quantile's bucket bound; past the largest finite bound, that bound and `above` (JSON has no infinity). */
function quantile(series: HistogramSeries | undefined, share: number): { bound: number | null; above: boolean } {
  const bound = series ? quantileBound(series, share) : null;
  if (bound !== Number.POSITIVE_INFINITY) return { bound, above: false };
  const largest = series?.buckets.findLast((bucket) => bucket.le !== "+Inf")?.le;
  return { bound: largest === undefined ? null : Number(largest), above: true };
}

/** What a tenant sees of its own metrics: failures by reason, pages by outcome, LLM use and cost, webhooks, timings. */
export function tenantFigures(totals: readonly Sample[]): TenantFigures {
  const all = families(totals);
  const llm = new Map<string, TenantFigures["llm"][number]>();
  const provider = (name: string) => {
    const entry = llm.get(name) ?? { provider: name, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    llm.set(name, entry);
    return entry;
  };
  for (const series of counters(all, "optiblog_llm_calls_total"))
    provider(series.labels.provider ?? "").calls += series.value;
  for (const series of counters(all, "optiblog_llm_tokens_total")) {
    const entry = provider(series.labels.provider ?? "");
    if (series.labels.direction === "input") entry.inputTokens += series.value;
    else entry.outputTokens += series.value;
  }
  for (const series of counters(all, "optiblog_llm_cost_usd_total"))
    provider(series.labels.provider ?? "").costUsd += series.value;
  const deliveries = counters(all, "optiblog_webhook_deliveries_total");
  const outcome = (name: string) => deliveries.find((s) => s.labels.outcome === name)?.value ?? 0;
  const completion = histograms(all, "optiblog_job_completion_seconds")[0];
  const p50 = quantile(completion, 0.5);
  const p95 = quantile(completion, 0.95);
  return {
    failuresByReason: counters(all, "optiblog_job_failures_total")
      .map((s) => ({ reason: s.labels.reason ?? "", stage: s.labels.stage ?? "", count: s.value }))
      .sort((a, b) => b.count - a.count),
    sourcesByOutcome: counters(all, "optiblog_sources_total")
      .map((s) => ({ outcome: s.labels.outcome ?? "", count: s.value }))
      .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome)),
    llm: [...llm.values()].map((entry) => ({ ...entry, costUsd: round(entry.costUsd, 6) })),
    webhooks: { delivered: outcome("delivered"), failed: outcome("failed") },
    timeToCompletionSeconds: {
      count: completion?.count ?? 0,
      mean: completion?.count ? round(completion.sum / completion.count) : null,
      p50: p50.bound,
      p50Above: p50.above,
      p95: p95.bound,
      p95Above: p95.above,
    },
    stageSeconds: histograms(all, "optiblog_stage_duration_seconds").map((s) => ({
      stage: s.labels.stage ?? "",
      count: s.count,
      mean: s.count ? round(s.sum / s.count) : 0,
    })),
  };
}
