import { METRICS, type MetricName } from "./catalog";

/**
 * One increment to one stored series: a counter's value, or a histogram's `_bucket` (non-cumulative: the
 * observation's own bucket), `_sum` or `_count`. Additive, so any grouping of samples sums to the same totals.
 */
export interface Sample {
  metric: MetricName;
  /** "" for a counter; the histogram part otherwise. */
  part: "" | "bucket" | "sum" | "count";
  labels: Record<string, string>;
  value: number;
}

export function counter(metric: MetricName, labels: Record<string, string>, value = 1): Sample[] {
  return value === 0 ? [] : [{ metric, part: "", labels, value }];
}

/** The bucket label (`le`) an observation falls in: the smallest bound at or above it, else `+Inf`. */
export function bucketOf(bounds: readonly number[], value: number): string {
  const bound = bounds.find((upper) => value <= upper);
  return bound === undefined ? "+Inf" : String(bound);
}

export function observe(metric: MetricName, labels: Record<string, string>, value: number): Sample[] {
  const definition = METRICS[metric];
  if (!("buckets" in definition)) throw new Error(`${metric} is not a histogram`);
  return [
    { metric, part: "bucket", labels: { ...labels, le: bucketOf(definition.buckets, value) }, value: 1 },
    { metric, part: "sum", labels, value },
    { metric, part: "count", labels, value: 1 },
  ];
}

/** Labels as a stable key: sorted by name, so the same labels always name the same stored series. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The cache's hook: one look-up at a tier, hit or miss. */
export function cacheLookup(tier: "memory" | "kv" | "d1", hit: boolean): Sample[] {
  return counter("optiblog_cache_requests_total", { tier, outcome: hit ? "hit" : "miss" });
}
