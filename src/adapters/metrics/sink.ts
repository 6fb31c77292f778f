import type { Log } from "../../core/ports/log";
import type { Metrics } from "../../core/ports/metrics";
import { writeDataPoints } from "./analytics-engine";
import { rollupStatements } from "./rollup";

export interface MetricsBindings {
  db: D1Database;
  /** The Analytics Engine dataset, when the deployment binds one. */
  dataset?: AnalyticsEngineDataset;
  /** Keeps the write alive after the response or message (the request's or batch's `waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void;
  now?: () => number;
  log?: Log;
}

/** Samples to Analytics Engine (when bound) and to the D1 rollup, off the caller's path. */
export function metricsSink(bindings: MetricsBindings): Metrics {
  const now = bindings.now ?? Date.now;
  return {
    record(samples, tenantId = "") {
      if (samples.length === 0) return;
      if (bindings.dataset) writeDataPoints(bindings.dataset, samples, tenantId);
      const write = bindings.db
        .batch(rollupStatements(bindings.db, samples, tenantId, now()))
        .catch((error: unknown) => bindings.log?.warn("could not record metrics", { error: String(error) }));
      bindings.waitUntil?.(write);
    },
  };
}

/** The Analytics Engine dataset when the deployment binds `METRICS`. */
export function metricsDataset(env: object): AnalyticsEngineDataset | undefined {
  const candidate = (env as { METRICS?: AnalyticsEngineDataset }).METRICS;
  return candidate && typeof candidate.writeDataPoint === "function" ? candidate : undefined;
}
