/**
 * Queue retry delay for the n-th delivery: a step of 10 s, 20 s, 40 s ... capped at five minutes, of which the
 * upper half is drawn at random ("equal jitter"), so messages that failed together do not return together
 * while each retry below the cap still waits longer than the one before. Never below a hint (a provider's `Retry-After`).
 */
export function retryDelaySeconds(deliveries: number, hintSeconds = 0, random: () => number = Math.random): number {
  const step = Math.min(300, 2 ** Math.max(1, deliveries) * 5);
  const jittered = Math.floor(step / 2 + random() * (step / 2));
  return Math.max(jittered, Math.min(hintSeconds, 3600));
}
