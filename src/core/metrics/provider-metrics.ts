import type { ProviderGuardState, ProviderOutcome } from "../guard/provider-guard";
import { counter, type Sample } from "./samples";

/** What a provider guard's change stands for: a breaker state entered, and a failed call by kind. */
export function providerMetrics(
  provider: string,
  before: ProviderGuardState,
  after: ProviderGuardState,
  outcome?: ProviderOutcome,
): Sample[] {
  const samples: Sample[] = [];
  if (before.breaker.status !== after.breaker.status)
    samples.push(...counter("optiblog_breaker_transitions_total", { provider, to: after.breaker.status }));
  if (outcome?.rateLimited) samples.push(...counter("optiblog_llm_errors_total", { provider, kind: "rate_limited" }));
  else if (outcome && !outcome.ok) samples.push(...counter("optiblog_llm_errors_total", { provider, kind: "unwell" }));
  return samples;
}
