/** A key-value cache with TTLs (isolate memory, KV, D1 tiers behind it). Values are JSON. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
}
