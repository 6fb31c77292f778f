/** A token bucket: `capacity` tokens, refilled continuously at `capacity / windowMs`. Pure, so it is easy to test. */
export interface BucketState {
  tokens: number;
  updatedAt: number;
}

export interface BucketLimits {
  capacity: number;
  windowMs: number;
}

export interface TakeResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one more token is available (0 when allowed). */
  retryAfterSeconds: number;
  state: BucketState;
}

/** A bucket's level at `now`: `level` at `since`, refilled at `perMs` tokens a millisecond up to `capacity`. */
export function refilled(level: number, since: number, capacity: number, perMs: number, now: number): number {
  return Math.min(capacity, level + Math.max(0, now - since) * perMs);
}

export function take(previous: BucketState | undefined, limits: BucketLimits, now: number, cost = 1): TakeResult {
  const rate = limits.capacity / limits.windowMs;
  const tokens = previous ? refilled(previous.tokens, previous.updatedAt, limits.capacity, rate, now) : limits.capacity;
  const allowed = tokens >= cost;
  const after = allowed ? tokens - cost : tokens;
  const state = { tokens: after, updatedAt: now };
  return {
    allowed,
    limit: limits.capacity,
    remaining: Math.floor(after),
    resetSeconds: Math.ceil((limits.capacity - after) / rate / 1000),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - after) / rate / 1000)),
    state,
  };
}

/** The bucket with `amount` tokens put back (what was taken for something that did not happen), at most full. */
export function giveBack(
  previous: BucketState | undefined,
  limits: BucketLimits,
  now: number,
  amount = 1,
): BucketState {
  const rate = limits.capacity / limits.windowMs;
  const tokens = previous ? refilled(previous.tokens, previous.updatedAt, limits.capacity, rate, now) : limits.capacity;
  return { tokens: Math.min(limits.capacity, tokens + amount), updatedAt: now };
}
