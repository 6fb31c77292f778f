import type {
  Cache,
  CacheCounts,
  CacheKind,
  CacheLookup,
  CacheTier,
  CacheTierName,
  Loaded,
  Served,
  ValueParser,
} from "../ports/cache";
import type { Clock } from "../ports/clock";
import type { Log } from "../ports/log";
import { isRevalidated } from "./revalidated";

/** How an entry is stored in every tier: the value or the reason of a negative entry, and when it expires. */
interface StoredEntry {
  v?: unknown;
  n?: string;
  e: number;
}

export interface TieredCacheOptions {
  /** Fastest first: isolate memory, KV, D1. */
  tiers: CacheTier[];
  clock: Clock;
  log?: Log;
  /** Which tiers keep a kind (default: all). */
  tiersFor?: (kind: CacheKind) => readonly CacheTierName[];
  /** Loads in flight by key, shared by every cache of the isolate so concurrent misses make one load. */
  inFlight?: Map<string, Promise<unknown>>;
  /**
   * How long a lookup waits on another's load before it loads for itself (default 60 s, longer than a page fetch's
   * or a search's own deadline): a load whose caller's request was cancelled may never end.
   */
  sharedWaitMs?: number;
  /** Told of every hit and miss as it is counted (to keep totals beyond this cache's own). */
  onCount?: (kind: CacheKind, tier: CacheTierName | "origin", field: "hits" | "misses") => void;
}

/**
 * The Cache on tiers: a read looks in each tier in turn and copies a hit into the faster tiers it missed
 * (promotion, keeping the expiry); a write goes to every tier that keeps the kind (write-through). An entry that
 * does not parse is deleted and counted as a miss; a tier that fails is a miss with a warning.
 */
export class TieredCache implements Cache {
  private readonly tally: CacheCounts = {};
  private readonly inFlight: Map<string, Promise<unknown>>;

  constructor(private readonly options: TieredCacheOptions) {
    this.inFlight = options.inFlight ?? new Map();
  }

  counts(): CacheCounts {
    return structuredClone(this.tally);
  }

  async get<T>(kind: CacheKind, key: string, parser: ValueParser<T>): Promise<CacheLookup<T>> {
    const tiers = this.tiersOf(kind);
    for (const [index, tier] of tiers.entries()) {
      const entry = await this.read(tier, kind, key, parser);
      if (!entry) {
        this.count(kind, tier.name, "misses");
        continue;
      }
      this.count(kind, tier.name, "hits");
      await this.promote(tiers.slice(0, index), kind, key, entry.text, entry.stored.e);
      if (entry.stored.n !== undefined) return { hit: true, tier: tier.name, negative: entry.stored.n };
      return { hit: true, tier: tier.name, value: entry.value as T };
    }
    return { hit: false };
  }

  async set<T>(kind: CacheKind, key: string, value: T, ttlSeconds: number): Promise<void> {
    await this.write(kind, key, { v: value, e: this.options.clock.now() + ttlSeconds * 1000 });
  }

  async setNegative(kind: CacheKind, key: string, reason: string, ttlSeconds: number): Promise<void> {
    await this.write(kind, key, { n: reason, e: this.options.clock.now() + ttlSeconds * 1000 });
  }

  async getOrLoad<T>(
    kind: CacheKind,
    key: string,
    parser: ValueParser<T>,
    load: () => Promise<Loaded<T>>,
  ): Promise<Served<T>> {
    const cached = await this.get(kind, key, parser);
    if (cached.hit) {
      return "negative" in cached
        ? { negative: cached.negative, source: cached.tier }
        : { value: cached.value, source: cached.tier };
    }
    return this.loadThrough(kind, key, load);
  }

  async loadThrough<T>(kind: CacheKind, key: string, load: () => Promise<Loaded<T>>): Promise<Served<T>> {
    const running = this.inFlight.get(key) as Promise<Loaded<T>> | undefined;
    if (!running) return this.loadOwn(kind, key, load);
    // Another lookup of this isolate is loading the key: share its answer (counted as an origin hit).
    const shared = await settledWithin(running, this.options.sharedWaitMs ?? SHARED_WAIT_MS);
    if (shared.ok) {
      this.count(kind, "origin", "hits");
      const loaded = shared.value;
      return "value" in loaded ? { value: loaded.value, source: "l1" } : { negative: loaded.negative, source: "l1" };
    }
    // Its failure (its caller cancelled, out of time, or the origin's error) is not this lookup's: it loads for
    // itself, and a load that never ended is no longer shared.
    this.options.log?.warn(`shared cache load ${shared.reason}: loading again`, { kind, key });
    if (this.inFlight.get(key) === running) this.inFlight.delete(key);
    return this.loadOwn(kind, key, load);
  }

  private async loadOwn<T>(kind: CacheKind, key: string, load: () => Promise<Loaded<T>>): Promise<Served<T>> {
    const loading = load();
    if (!this.inFlight.has(key)) this.inFlight.set(key, loading);
    try {
      const loaded = await loading;
      // A revalidated copy was counted as a hit where it was found: no load to count.
      if (!isRevalidated(loaded)) this.count(kind, "origin", "misses");
      if (loaded.ttlSeconds <= 0) return { ...loaded, source: "origin" };
      if ("value" in loaded) {
        await this.set(kind, key, loaded.value, loaded.ttlSeconds);
        return { value: loaded.value, source: "origin" };
      }
      await this.setNegative(kind, key, loaded.negative, loaded.ttlSeconds);
      return { negative: loaded.negative, source: "origin" };
    } finally {
      if (this.inFlight.get(key) === loading) this.inFlight.delete(key);
    }
  }

  async delete(key: string): Promise<void> {
    await Promise.all(this.options.tiers.map((tier) => this.guarded(tier, "delete", () => tier.delete(key))));
  }

  private tiersOf(kind: CacheKind): CacheTier[] {
    const names = this.options.tiersFor?.(kind);
    return names ? this.options.tiers.filter((tier) => names.includes(tier.name)) : this.options.tiers;
  }

  private async read<T>(tier: CacheTier, kind: CacheKind, key: string, parser: ValueParser<T>) {
    const text = await this.guarded(tier, "read", () => tier.get(key));
    if (text === undefined) return undefined;
    const stored = parseStored(text);
    if (stored && stored.e <= this.options.clock.now()) return undefined;
    const parsed = stored && stored.n === undefined ? parser.safeParse(stored.v) : undefined;
    if (!stored || (parsed && !parsed.success)) {
      this.options.log?.warn("cache entry does not parse: dropped", { tier: tier.name, kind, key });
      await this.guarded(tier, "delete", () => tier.delete(key));
      return undefined;
    }
    return { text, stored, value: parsed?.success ? parsed.data : undefined };
  }

  private async write(kind: CacheKind, key: string, entry: StoredEntry): Promise<void> {
    await this.promote(this.tiersOf(kind), kind, key, JSON.stringify(entry), entry.e);
  }

  /**
   * Writes an entry to each tier that takes its size; a tier too small for it loses the key's older value instead,
   * which would otherwise go on being served there in the new one's place.
   */
  private async promote(tiers: CacheTier[], kind: CacheKind, key: string, text: string, expiresAt: number) {
    const bytes = byteLength(text);
    await Promise.all(
      tiers.map((tier) =>
        bytes <= tier.maxEntryBytes
          ? this.guarded(tier, "write", () => tier.put(key, kind, text, expiresAt))
          : this.guarded(tier, "delete", () => tier.delete(key)),
      ),
    );
  }

  /** A tier's failure is a miss (or a skipped write) with a warning, never the caller's failure. */
  private async guarded<R>(tier: CacheTier, action: string, run: () => Promise<R>): Promise<R | undefined> {
    try {
      return await run();
    } catch (error) {
      this.options.log?.warn(`cache ${action} failed: treated as a miss`, {
        tier: tier.name,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  private count(kind: CacheKind, tier: CacheTierName | "origin", field: "hits" | "misses"): void {
    const byTier = this.tally[kind] ?? {};
    this.tally[kind] = byTier;
    const counts = byTier[tier] ?? { hits: 0, misses: 0 };
    byTier[tier] = counts;
    counts[field]++;
    this.options.onCount?.(kind, tier, field);
  }
}

const SHARED_WAIT_MS = 60_000;

type Shared<T> = { ok: true; value: T } | { ok: false; reason: "failed" | "timed out" };

/** A shared load's answer, or why there is none: it failed, or did not end within `ms`. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<Shared<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Shared<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: "timed out" }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Shared<T> => ({ ok: true, value }),
        (): Shared<T> => ({ ok: false, reason: "failed" }),
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function parseStored(text: string): StoredEntry | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || typeof (parsed as StoredEntry).e !== "number")
      return undefined;
    const entry = parsed as StoredEntry;
    if (entry.n !== undefined && typeof entry.n !== "string") return undefined;
    return entry;
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();
export function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}
