import { labelKey, type Sample } from "../../core/metrics/samples";

/**
 * One Analytics Engine data point per sample: blobs are the metric, its part, its labels (JSON) and the
 * tenant; the value is the only double; the metric name is the index, so queries sample per metric.
 */
export function writeDataPoints(dataset: AnalyticsEngineDataset, samples: readonly Sample[], tenantId: string): void {
  for (const sample of samples) {
    dataset.writeDataPoint({
      indexes: [sample.metric],
      blobs: [sample.metric, sample.part, labelKey(sample.labels), tenantId],
      doubles: [sample.value],
    });
  }
}
