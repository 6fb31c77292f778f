/** Delivery retry schedule: exponential from `baseSeconds`, capped, with up to 50% added jitter. */
export interface BackoffPolicy {
  baseSeconds: number;
  capSeconds: number;
}

export const DELIVERY_BACKOFF: BackoffPolicy = { baseSeconds: 10, capSeconds: 3600 };

/**
 * Seconds to wait after the `attempt`-th failed try (1-based). Jitter stays below half the step, so
 * delays strictly grow until the cap: every receiver that failed together does not retry together.
 */
export function retryDelaySeconds(attempt: number, policy = DELIVERY_BACKOFF, random = Math.random): number {
  const step = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.floor(step + random() * (step / 2));
}
