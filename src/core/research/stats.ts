import type { WordCountStats } from "./types";

/** Distribution of page lengths; percentiles by linear interpolation between ranks. */
export function wordCountStats(counts: number[]): WordCountStats {
  if (counts.length === 0) return { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 };
  const sorted = [...counts].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, n) => sum + n, 0) / sorted.length;
  return {
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    mean: Math.round(mean),
    median: Math.round(percentile(sorted, 0.5)),
    p25: Math.round(percentile(sorted, 0.25)),
    p75: Math.round(percentile(sorted, 0.75)),
  };
}

function percentile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? 0;
  const b = sorted[upper] ?? a;
  return a + (b - a) * (position - lower);
}
