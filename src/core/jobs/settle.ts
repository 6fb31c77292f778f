import { isTransient, PermanentError } from "../errors";
import { ConcurrencyError } from "../ports/job-store";
import { retryDelaySeconds } from "./backoff";

/** The longest delay a queue message takes (twelve hours, less the jitter added to a wait). */
const MAX_WAIT_SECONDS = 43_200 - 5;

/**
 * What becomes of a stage message whose stage threw, decided from the error and how often the message came:
 * - `wait`: the stage waits for provider capacity, or a provider's 429 reached it: scheduling, not a failed try; a
 *   fresh message comes back after the delay (the hint, jittered by up to five seconds so waiting messages do not
 *   return all at once);
 * - `moved`: someone else moved the job meanwhile; the redelivery re-reads and usually finds nothing to do;
 * - `fail`: a permanent error, or the last try: the job's run fails with the code;
 * - `retry`: anything else comes back after a growing delay (never before a transient error's hint).
 */
export type Settlement =
  | { kind: "wait"; delaySeconds: number }
  | { kind: "moved"; delaySeconds: number; expectedVersion: number }
  | { kind: "fail"; code: string }
  | { kind: "retry"; delaySeconds: number; transient: boolean };

export function settlementOf(
  error: unknown,
  deliveries: number,
  maxRetries: number,
  random: () => number = Math.random,
): Settlement {
  if (isTransient(error) && (error.code === "provider_capacity" || error.code === "rate_limited")) {
    // A queue message is delayed at most twelve hours.
    const wait = Math.min(error.retryAfterSeconds ?? 1, MAX_WAIT_SECONDS);
    return { kind: "wait", delaySeconds: Math.ceil(wait + random() * Math.min(5, wait)) };
  }
  if (error instanceof ConcurrencyError)
    return { kind: "moved", delaySeconds: 1, expectedVersion: error.expectedVersion };
  if (error instanceof PermanentError) return { kind: "fail", code: error.code };
  if (deliveries >= maxRetries) return { kind: "fail", code: "retries_exhausted" };
  const transient = isTransient(error);
  return {
    kind: "retry",
    delaySeconds: retryDelaySeconds(deliveries, transient ? error.retryAfterSeconds : 0, random),
    transient,
  };
}
