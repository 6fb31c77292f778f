import { isMetricName } from "../../core/metrics/catalog";
import { labelKey, type Sample } from "../../core/metrics/samples";

/** The rollup's window: five minutes, the cron sweep's period. */
export const WINDOW_SECONDS = 300;
export const ALL_TIME = 0;

export const windowOf = (nowMs: number) => Math.floor(nowMs / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;

const UPSERT =
  "INSERT INTO metric_rollups (window_start, tenant_id, metric, part, labels, value) VALUES (?, ?, ?, ?, ?, ?) " +
  "ON CONFLICT(window_start, tenant_id, metric, part, labels) DO UPDATE SET value = value + excluded.value";

/** Samples with the same series summed, so a batch writes each series once. */
export function merge(samples: readonly Sample[]): Sample[] {
  const merged = new Map<string, Sample>();
  for (const sample of samples) {
    const key = `${sample.metric}\u0000${sample.part}\u0000${labelKey(sample.labels)}`;
    const seen = merged.get(key);
    if (seen) seen.value += sample.value;
    else merged.set(key, { ...sample, labels: { ...sample.labels } });
  }
  return [...merged.values()];
}

/** Request-rate figures go to the all-time totals only: per-window traffic is Analytics Engine's job. */
const TOTALS_ONLY = new Set<string>(["optiblog_http_requests_total", "optiblog_http_request_duration_seconds"]);

/** Upserts adding the samples to the all-time totals and to the current five-minute window. */
export function rollupStatements(
  db: D1Database,
  samples: readonly Sample[],
  tenantId: string,
  nowMs: number,
): D1PreparedStatement[] {
  const window = windowOf(nowMs);
  return merge(samples).flatMap((sample) =>
    (TOTALS_ONLY.has(sample.metric) ? [ALL_TIME] : [ALL_TIME, window]).map((start) =>
      db.prepare(UPSERT).bind(start, tenantId, sample.metric, sample.part, labelKey(sample.labels), sample.value),
    ),
  );
}

interface RollupRow {
  metric: string;
  part: Sample["part"];
  labels: string;
  value: number;
}

const toSamples = (rows: RollupRow[]): Sample[] =>
  rows.flatMap((row) =>
    isMetricName(row.metric)
      ? [
          {
            metric: row.metric,
            part: row.part,
            labels: JSON.parse(row.labels) as Record<string, string>,
            value: row.value,
          },
        ]
      : [],
  );

/** Reads of the rollup: all-time totals (for everyone or one tenant) and sums over recent windows. */
export class MetricRollups {
  constructor(private readonly db: D1Database) {}

  async totals(tenantId?: string): Promise<Sample[]> {
    const filter = tenantId === undefined ? "" : " AND tenant_id = ?";
    const { results } = await this.db
      .prepare(
        `SELECT metric, part, labels, SUM(value) AS value FROM metric_rollups WHERE window_start = ?${filter} GROUP BY metric, part, labels`,
      )
      .bind(ALL_TIME, ...(tenantId === undefined ? [] : [tenantId]))
      .all<RollupRow>();
    return toSamples(results);
  }

  /** The named metrics summed over the windows starting at or after `sinceMs`, across tenants. */
  async since(metrics: readonly string[], sinceMs: number): Promise<Sample[]> {
    if (metrics.length === 0) return [];
    const { results } = await this.db
      .prepare(
        `SELECT metric, part, labels, SUM(value) AS value FROM metric_rollups WHERE window_start >= ? AND metric IN (${metrics.map(() => "?").join(", ")}) GROUP BY metric, part, labels`,
      )
      .bind(Math.max(1, windowOf(sinceMs)), ...metrics)
      .all<RollupRow>();
    return toSamples(results);
  }

  /** Drops windows older than the retention (never the all-time totals). */
  async prune(olderThanMs: number): Promise<number> {
    const result = await this.db
      .prepare("DELETE FROM metric_rollups WHERE window_start > ? AND window_start < ?")
      .bind(ALL_TIME, windowOf(olderThanMs))
      .run();
    return result.meta.changes ?? 0;
  }
}
