export type Mode = "json_schema" | "json_object" | "tool";

export interface ProviderSettings {
  rpm?: number;
  tpm?: number;
  burstSeconds?: number;
  ttftMs?: number;
  tokensPerSecond?: number;
  errorRate?: number;
  malformedRate?: number;
  jsonCheckRate?: number;
  badCitationRate?: number;
  runawayRate?: number;
  modes?: Mode[];
  seed?: number;
  model?: string;
}

export interface ProviderStats {
  requests: number;
  completed: number;
  rateLimited: number;
  errors: number;
  malformed: number;
  /** Malformed answers refused by the provider's own JSON check (a 400 `json_validate_failed`). */
  jsonCheckRefused: number;
  /** Answers that ran on past `max_tokens`. */
  runaway: number;
  rejectedMode: number;
  promptTokens: number;
  completionTokens: number;
  byMode: Record<Mode | "none", number>;
  /** When each request past the rate limit arrived (epoch ms). */
  admittedAt: number[];
}

export interface SimulatedProvider {
  name: string;
  readonly config: Required<Omit<ProviderSettings, "model">> & { model?: string };
  stats: ProviderStats;
  configure(patch: ProviderSettings): void;
  fetch(request: Request): Promise<Response>;
}

export const MODES: Mode[];
export const PROVIDER_DEFAULTS: Required<Omit<ProviderSettings, "model">>;
export function createProvider(
  name: string,
  settings?: ProviderSettings,
  clock?: { now(): number; sleep(ms: number): Promise<void> },
): SimulatedProvider;
