import { CacheStatsStore, D1Tier } from "../adapters/cache/d1";
import { KvTier } from "../adapters/cache/kv";
import { MemoryTier } from "../adapters/cache/memory";
import { createDb } from "../adapters/storage/db";
import { tiersFor } from "../core/cache/policy";
import { TieredCache } from "../core/cache/tiered";
import type { CacheTier } from "../core/ports/cache";
import { systemClock } from "../core/ports/clock";
import type { Log } from "../core/ports/log";

/**
 * L1 outlives requests: one per isolate, 24 MB, and an entry stays in it at most five minutes, so a purge made
 * through another isolate reaches this one by then.
 */
const memory = new MemoryTier({ clock: systemClock, maxBytes: 24 * 1024 * 1024, maxTtlMs: 5 * 60_000 });
/** Loads in flight in this isolate, shared by every cache it builds: concurrent misses for one key make one load. */
const inFlight = new Map<string, Promise<unknown>>();

/** The tiers, fastest first: this isolate's memory, KV, D1. */
export function cacheTiers(env: Env): CacheTier[] {
  return [memory, new KvTier(env.CACHE), new D1Tier(createDb(env.DB), systemClock)];
}

/**
 * A cache over the tiers; its hit and miss counts are its own, so build one per research run or request. With
 * `recordEach`, every count is also added to the deployment's totals at once (for caches no run summarises).
 */
export function createCache(env: Env, log?: Log, options: { recordEach?: boolean } = {}): TieredCache {
  const stats = options.recordEach ? new CacheStatsStore(createDb(env.DB)) : undefined;
  return new TieredCache({
    tiers: cacheTiers(env),
    clock: systemClock,
    tiersFor,
    inFlight,
    ...(log ? { log } : {}),
    ...(stats
      ? {
          onCount: (kind, tier, field) => {
            stats.add({ [kind]: { [tier]: { hits: 0, misses: 0, [field]: 1 } } }).catch((error: unknown) => {
              log?.warn("cache counts not recorded", { error: String(error) });
            });
          },
        }
      : {}),
  });
}
