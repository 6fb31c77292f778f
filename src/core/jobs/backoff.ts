/** Queue retry delay for the n-th delivery: 10 s, 20 s, 40 s ... capped at five minutes, never below a hint. */
export function retryDelaySeconds(deliveries: number, hintSeconds = 0): number {
  const exponential = Math.min(300, 2 ** Math.max(1, deliveries) * 5);
  return Math.max(exponential, Math.min(hintSeconds, 3600));
}
