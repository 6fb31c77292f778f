/** Delivery retry schedule: exponential from `baseSeconds`, capped, with up to 50% added jitter. */
export interface BackoffPolicy {
  baseSeconds: number;
  capSeconds: number;
}

/** 30 s, 1 min, 2 min, ... capped at 3 h: eight tries span about two hours. */
export const DELIVERY_BACKOFF: BackoffPolicy = { baseSeconds: 30, capSeconds: 3 * 3600 };

/**
 * Seconds to wait after the `attempt`-th failed try (1-based). Jitter stays below half the step, so
 * delays strictly grow until the cap: every receiver that failed together does not retry together.
 */
export function retryDelaySeconds(attempt: number, policy = DELIVERY_BACKOFF, random = Math.random): number {
  const step = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.floor(step + random() * (step / 2));
}
