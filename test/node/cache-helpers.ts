import { MemoryTier } from "../../src/adapters/cache/memory";
import { TieredCache } from "../../src/core/cache/tiered";
import type { CacheKind, CacheTier, CacheTierName, TierUsage } from "../../src/core/ports/cache";
import type { Log } from "../../src/core/ports/log";

/** A tier in a Map that honours expiry by the driven clock, and can be told to fail. */
export class MapTier implements CacheTier {
  readonly maxEntryBytes = 1_000_000;
  readonly rows = new Map<string, { text: string; expiresAt: number }>();
  failing = false;
  reads = 0;
  constructor(
    readonly name: CacheTierName,
    private readonly clock: { now(): number },
  ) {}
  async get(key: string) {
    this.reads++;
    if (this.failing) throw new Error(`${this.name} is down`);
    const row = this.rows.get(key);
    return row && row.expiresAt > this.clock.now() ? row.text : undefined;
  }
  async put(key: string, _kind: CacheKind, text: string, expiresAt: number) {
    if (this.failing) throw new Error(`${this.name} is down`);
    this.rows.set(key, { text, expiresAt });
  }
  async delete(key: string) {
    this.rows.delete(key);
  }
  async purge(prefix: string) {
    const keys = [...this.rows.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) this.rows.delete(key);
    return keys.length;
  }
  async usage(): Promise<TierUsage[]> {
    return [];
  }
}

/** Three tiers (memory, and two Map tiers standing for KV and D1) on a clock the test drives. */
export function cacheWorld(options: { l1MaxTtlMs?: number; maxBytes?: number; sharedWaitMs?: number } = {}) {
  let now = Date.UTC(2026, 11, 2);
  const clock = { now: () => now };
  const l1 = new MemoryTier({
    clock,
    maxBytes: options.maxBytes ?? 8_000_000,
    maxTtlMs: options.l1MaxTtlMs ?? 3_600_000,
  });
  const l2 = new MapTier("l2", clock);
  const l3 = new MapTier("l3", clock);
  const warnings: string[] = [];
  const log: Log = {
    debug() {},
    info() {},
    error() {},
    warn(msg: string) {
      warnings.push(msg);
    },
    with() {
      return log;
    },
  };
  const inFlight = new Map<string, Promise<unknown>>();
  const make = () =>
    new TieredCache({
      tiers: [l1, l2, l3],
      clock,
      log,
      inFlight,
      ...(options.sharedWaitMs ? { sharedWaitMs: options.sharedWaitMs } : {}),
    });
  return { cache: make(), make, inFlight, clock, l1, l2, l3, warnings, advance: (ms: number) => (now += ms) };
}
