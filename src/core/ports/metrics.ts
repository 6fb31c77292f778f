import type { Sample } from "../metrics/samples";

/**
 * Where metric samples go (Analytics Engine and the D1 rollup in production). Recording never fails the
 * caller's work: an adapter that cannot write logs and drops.
 */
export interface Metrics {
  record(samples: readonly Sample[], tenantId?: string): void;
}
