import type { MetricFamily } from "./families";

/** Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const escapeLabel = (value: string) => value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
const escapeHelp = (value: string) => value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(",")}}` : "";
}

const number = (value: number) =>
  Number.isFinite(value) ? String(value) : Number.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";

/** Every family with its HELP and TYPE lines, so a scraper learns each metric even before it has samples. */
export function toPrometheus(metrics: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of metrics) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.kind}`);
    if (family.kind === "counter") {
      for (const series of family.series)
        lines.push(`${family.name}${labelText(series.labels)} ${number(series.value)}`);
      continue;
    }
    for (const series of family.series) {
      for (const bucket of series.buckets)
        lines.push(`${family.name}_bucket${labelText({ ...series.labels, le: bucket.le })} ${bucket.count}`);
      lines.push(`${family.name}_sum${labelText(series.labels)} ${number(series.sum)}`);
      lines.push(`${family.name}_count${labelText(series.labels)} ${series.count}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
