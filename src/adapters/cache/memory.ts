import { byteLength } from "../../core/cache/tiered";
import type { CacheKind, CacheTier, TierUsage } from "../../core/ports/cache";
import type { Clock } from "../../core/ports/clock";

interface MemoryEntry {
  kind: CacheKind;
  text: string;
  /** The value's UTF-8 bytes, as every tier reports them. */
  bytes: number;
  /** What the entry takes of the bound: its value and its key. */
  held: number;
  expiresAt: number;
}

export interface MemoryTierOptions {
  clock: Clock;
  /** What the tier may hold in all, counted as UTF-8 bytes of the stored JSON. */
  maxBytes: number;
  /** The longest an entry stays here, whatever its own TTL: other isolates' purges reach this tier only by expiry. */
  maxTtlMs: number;
}

/**
 * L1: this isolate's memory, a least-recently-used map bounded in bytes. A read moves the entry to the back of
 * the map's order; a write that goes over the bound evicts from the front (expired entries first in passing).
 */
export class MemoryTier implements CacheTier {
  readonly name = "l1" as const;
  readonly maxEntryBytes: number;
  private readonly entries = new Map<string, MemoryEntry>();
  private total = 0;

  constructor(private readonly options: MemoryTierOptions) {
    this.maxEntryBytes = Math.floor(options.maxBytes / 2);
  }

  get bytes(): number {
    return this.total;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.options.clock.now()) {
      this.remove(key, entry);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.text;
  }

  async put(key: string, kind: CacheKind, text: string, expiresAt: number): Promise<void> {
    const bytes = byteLength(text);
    const held = bytes + byteLength(key);
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    // Too large to hold: the key's older value is gone all the same, so it is not served in the new one's place.
    if (held > this.maxEntryBytes) return;
    const cappedExpiry = Math.min(expiresAt, this.options.clock.now() + this.options.maxTtlMs);
    this.entries.set(key, { kind, text, bytes, held, expiresAt: cappedExpiry });
    this.total += held;
    this.evict();
  }

  async delete(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) this.remove(key, entry);
  }

  async purge(prefix: string): Promise<number> {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      this.remove(key, entry);
      removed++;
    }
    return removed;
  }

  async usage(): Promise<TierUsage[]> {
    const byKind = new Map<CacheKind, TierUsage>();
    const now = this.options.clock.now();
    for (const entry of this.entries.values()) {
      if (entry.expiresAt <= now) continue;
      const usage = byKind.get(entry.kind) ?? { kind: entry.kind, entries: 0, bytes: 0 };
      usage.entries++;
      usage.bytes += entry.bytes;
      byKind.set(entry.kind, usage);
    }
    return [...byKind.values()];
  }

  private evict(): void {
    if (this.total <= this.options.maxBytes) return;
    const now = this.options.clock.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.remove(key, entry);
    for (const [key, entry] of this.entries) {
      if (this.total <= this.options.maxBytes) break;
      this.remove(key, entry);
    }
  }

  private remove(key: string, entry: MemoryEntry): void {
    this.entries.delete(key);
    this.total -= entry.held;
  }
}
