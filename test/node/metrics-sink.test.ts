import { describe, expect, it } from "vitest";
import { metricsDataset, metricsSink } from "../../src/adapters/metrics/sink";
import { counter, observe } from "../../src/core/metrics/samples";

/** A D1 stand-in that records what each batch binds; the rollup's statements are not this test's subject. */
function fakeDb() {
  const batches: unknown[][][] = [];
  const db = {
    prepare: () => ({ bind: (...values: unknown[]) => values }),
    batch: async (statements: unknown[][]) => {
      batches.push(statements);
      return [];
    },
  };
  return { db: db as unknown as D1Database, batches };
}

function fakeDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { dataset: { writeDataPoint: (point: AnalyticsEngineDataPoint) => points.push(point) }, points };
}

const samples = [
  ...counter("optiblog_jobs_total", { status: "completed" }),
  ...observe("optiblog_stage_duration_seconds", { stage: "write" }, 12.5),
];

describe("Analytics Engine metrics sink", () => {
  it("writes one data point a sample when the dataset is bound: metric as index, metric/part/labels/tenant as blobs, value as the double", async () => {
    const { db, batches } = fakeDb();
    const { dataset, points } = fakeDataset();
    const waited: Promise<unknown>[] = [];
    metricsSink({ db, dataset, waitUntil: (promise) => waited.push(promise), now: () => 0 }).record(samples, "t_1");
    await Promise.all(waited);
    expect(points).toEqual([
      {
        indexes: ["optiblog_jobs_total"],
        blobs: ["optiblog_jobs_total", "", '{"status":"completed"}', "t_1"],
        doubles: [1],
      },
      {
        indexes: ["optiblog_stage_duration_seconds"],
        blobs: ["optiblog_stage_duration_seconds", "bucket", '{"le":"30","stage":"write"}', "t_1"],
        doubles: [1],
      },
      {
        indexes: ["optiblog_stage_duration_seconds"],
        blobs: ["optiblog_stage_duration_seconds", "sum", '{"stage":"write"}', "t_1"],
        doubles: [12.5],
      },
      {
        indexes: ["optiblog_stage_duration_seconds"],
        blobs: ["optiblog_stage_duration_seconds", "count", '{"stage":"write"}', "t_1"],
        doubles: [1],
      },
    ]);
    // The D1 rollup is written too, in one batch kept alive by waitUntil.
    expect(batches).toHaveLength(1);
    expect(waited).toHaveLength(1);
  });

  it("writes no data point when no dataset is bound, and still rolls up in D1", async () => {
    const { db, batches } = fakeDb();
    const waited: Promise<unknown>[] = [];
    const env = { DB: db };
    metricsSink({ db, dataset: metricsDataset(env), waitUntil: (promise) => waited.push(promise) }).record(
      samples,
      "t_1",
    );
    await Promise.all(waited);
    expect(metricsDataset(env)).toBeUndefined();
    expect(batches).toHaveLength(1);
  });

  it("finds the dataset only on a METRICS binding that can write data points", () => {
    const { dataset } = fakeDataset();
    expect(metricsDataset({ METRICS: dataset })).toBe(dataset);
    expect(metricsDataset({ METRICS: "a var, not a binding" })).toBeUndefined();
    expect(metricsDataset({})).toBeUndefined();
  });

  it("writes nothing anywhere for no samples", () => {
    const { db, batches } = fakeDb();
    const { dataset, points } = fakeDataset();
    metricsSink({ db, dataset }).record([], "t_1");
    expect(points).toEqual([]);
    expect(batches).toEqual([]);
  });
});
