/**
 * Picks the provider for the next call, in proportion to the configured weights. The one place provider
 * choice is made, so health-aware balancing can replace it without touching the writers.
 */
export function selectProvider<T extends { weight: number }>(
  providers: readonly T[],
  random: () => number = Math.random,
): T {
  const total = providers.reduce((sum, p) => sum + Math.max(0, p.weight), 0);
  if (providers.length === 0 || total <= 0) throw new RangeError("no provider to select from");
  let point = random() * total;
  for (const provider of providers) {
    point -= Math.max(0, provider.weight);
    if (point < 0) return provider;
  }
  return providers[providers.length - 1] as T;
}
