import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Metric rollups: one row per series per window. `window_start` 0 holds the all-time totals (what
 * `/v1/admin/metrics` serves); other rows are five-minute windows (epoch seconds) the SLO sweep reads and
 * prunes. `tenant_id` is "" for figures that belong to no tenant (HTTP, breakers, cache).
 */
export const metricRollups = sqliteTable(
  "metric_rollups",
  {
    windowStart: integer("window_start").notNull(),
    tenantId: text("tenant_id").notNull(),
    metric: text("metric").notNull(),
    part: text("part").notNull(),
    labels: text("labels").notNull(),
    value: real("value").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.windowStart, table.tenantId, table.metric, table.part, table.labels] }),
    index("metric_rollups_metric_idx").on(table.metric, table.windowStart),
  ],
);

/** Each SLO alert's state: firing or not since when, so the sweep notifies once on burn and once on recovery. */
export const sloAlerts = sqliteTable("slo_alerts", {
  slo: text("slo").primaryKey(),
  firing: integer("firing", { mode: "boolean" }).notNull(),
  severity: text("severity"),
  since: integer("since").notNull(),
  burnRate: real("burn_rate").notNull(),
  /** Whether the last transition's alert got through; if not, the next sweep sends it again. */
  notified: integer("notified", { mode: "boolean" }).notNull(),
});
