import type { ProviderSettings, SimulatedProvider } from "./provider.mjs";

export const DEFAULT_PROVIDERS: Record<string, ProviderSettings>;

export interface World {
  url: string;
  port: number;
  catalog: { pages: unknown[] };
  providerUrl(name: string): string;
  providers: Map<string, SimulatedProvider>;
  /** Every request the fixture web received: monotonic time in ms and path. */
  webLog: { at: number; path: string }[];
  close(): Promise<void>;
}

export function startWorld(options?: {
  port?: number;
  host?: string;
  providers?: Record<string, ProviderSettings>;
  /**
   * Faults of the web: `searchErrorRate`, `pageErrorRate`, `pageSlowRate` with `pageDelayMs`, `pageHangRate`,
   * `pageMislabelledRate`, `pageDeclinedRate`, `robotsDeclinedRate`, `seed`.
   */
  web?: Record<string, number>;
  pagesDir?: string;
}): Promise<World>;
