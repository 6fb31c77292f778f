/**
 * The soak's fault profiles: what the world's providers and web inject, what share of webhook ids the receiver
 * refuses once, and the requests per minute each provider is declared with in `LLM_PROVIDERS` (declared above
 * what the world grants, so the providers answer 429s).
 */
export const FAULT_PROFILES = {
  none: {
    providers: { alpha: { rpm: 600, seed: 1 }, beta: { rpm: 600, seed: 2 } },
    declaredRpm: { alpha: 600, beta: 600 },
    web: {},
    receiverFailShare: 0,
  },
  default: {
    providers: {
      alpha: { rpm: 120, seed: 1, errorRate: 0.1, malformedRate: 0.05, jsonCheckRate: 0.5 },
      beta: { rpm: 20, burstSeconds: 3, seed: 2, errorRate: 0.05 },
    },
    declaredRpm: { alpha: 120, beta: 120 },
    web: {
      searchErrorRate: 0.05,
      pageErrorRate: 0.05,
      pageHangRate: 0.03,
      pageSlowRate: 0.1,
      pageDelayMs: 2000,
      pageMislabelledRate: 0.1,
      pageDeclinedRate: 0.1,
      robotsDeclinedRate: 0.1,
    },
    receiverFailShare: 0.3,
  },
  heavy: {
    providers: {
      alpha: { rpm: 60, seed: 1, errorRate: 0.25, malformedRate: 0.1, jsonCheckRate: 0.5 },
      beta: { rpm: 10, burstSeconds: 3, seed: 2, errorRate: 0.15, malformedRate: 0.05 },
    },
    declaredRpm: { alpha: 120, beta: 120 },
    web: {
      searchErrorRate: 0.15,
      pageErrorRate: 0.1,
      pageHangRate: 0.08,
      pageSlowRate: 0.2,
      pageDelayMs: 4000,
      pageMislabelledRate: 0.2,
      pageDeclinedRate: 0.2,
      robotsDeclinedRate: 0.1,
    },
    receiverFailShare: 0.6,
  },
};
