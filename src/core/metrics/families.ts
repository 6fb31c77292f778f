import { METRIC_NAMES, METRICS, type MetricKind, type MetricName } from "./catalog";
import { labelKey, type Sample } from "./samples";

export interface CounterSeries {
  labels: Record<string, string>;
  value: number;
}

export interface HistogramSeries {
  labels: Record<string, string>;
  /** Cumulative counts per upper bound, ending with `+Inf` (equal to `count`). */
  buckets: { le: string; count: number }[];
  sum: number;
  count: number;
}

export type MetricFamily =
  | { name: MetricName; kind: "counter"; help: string; series: CounterSeries[] }
  | { name: MetricName; kind: "histogram"; help: string; series: HistogramSeries[] };

const byLabels = <T extends { labels: Record<string, string> }>(a: T, b: T) => {
  const [x, y] = [labelKey(a.labels), labelKey(b.labels)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Labels in the catalogue's order (stored series keep them sorted by name). */
function ordered(labels: Record<string, string>, names: readonly string[]): Record<string, string> {
  const known = names.filter((name) => name in labels).map((name) => [name, labels[name] ?? ""]);
  const rest = Object.entries(labels).filter(([name]) => !names.includes(name));
  return Object.fromEntries([...known, ...rest]);
}

/** Totals (summed samples) grouped into families in catalogue order, histogram buckets made cumulative. */
export function families(totals: readonly Sample[]): MetricFamily[] {
  return METRIC_NAMES.map((name): MetricFamily => {
    const definition = METRICS[name];
    const rows = totals.filter((row) => row.metric === name);
    const kind: MetricKind = definition.kind;
    if (kind === "counter" || !("buckets" in definition)) {
      const series = new Map<string, CounterSeries>();
      for (const row of rows) {
        const key = labelKey(row.labels);
        const entry = series.get(key) ?? { labels: ordered(row.labels, definition.labels), value: 0 };
        entry.value += row.value;
        series.set(key, entry);
      }
      return { name, kind: "counter", help: definition.help, series: [...series.values()].sort(byLabels) };
    }
    const bounds = [...definition.buckets.map(String), "+Inf"];
    const series = new Map<
      string,
      { labels: Record<string, string>; own: Map<string, number>; sum: number; count: number }
    >();
    for (const row of rows) {
      const { le, ...labels } = row.labels;
      const key = labelKey(labels);
      const entry = series.get(key) ?? { labels: ordered(labels, definition.labels), own: new Map(), sum: 0, count: 0 };
      if (row.part === "bucket" && le !== undefined) entry.own.set(le, (entry.own.get(le) ?? 0) + row.value);
      if (row.part === "sum") entry.sum += row.value;
      if (row.part === "count") entry.count += row.value;
      series.set(key, entry);
    }
    return {
      name,
      kind: "histogram",
      help: definition.help,
      series: [...series.values()]
        .map(({ labels, own, sum, count }) => {
          let running = 0;
          const buckets = bounds.map((le) => {
            running += own.get(le) ?? 0;
            return { le, count: running };
          });
          return { labels, buckets, sum, count };
        })
        .sort(byLabels),
    };
  });
}

/** The smallest bucket bound under which at least `quantile` of the observations fall (null when none). */
export function quantileBound(series: HistogramSeries, quantile: number): number | null {
  if (series.count === 0) return null;
  const hit = series.buckets.find((bucket) => bucket.count >= quantile * series.count);
  return !hit || hit.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(hit.le);
}
