/** What the cache holds; every key starts with its kind (`page:…`), so a kind is also a purge prefix. */
export const CACHE_KINDS = ["search", "robots", "page", "extract", "article"] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

export const CACHE_TIERS = ["l1", "l2", "l3"] as const;
export type CacheTierName = (typeof CACHE_TIERS)[number];

/** How much one tier holds of one kind. */
export interface TierUsage {
  kind: CacheKind;
  entries: number;
  bytes: number;
}

/**
 * One storage tier: isolate memory (l1), KV (l2) or D1 (l3). Entries are JSON text the cache wrote; a tier
 * stores and expires them and may throw on a storage failure (the cache treats that as a miss).
 */
export interface CacheTier {
  readonly name: CacheTierName;
  /** The largest entry this tier takes, in bytes (D1 rows and KV values have limits). */
  readonly maxEntryBytes: number;
  get(key: string): Promise<string | undefined>;
  put(key: string, kind: CacheKind, text: string, expiresAt: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Deletes every entry whose key starts with `prefix`; returns how many went (as far as the tier knows). A tier
   * that can delete only so many in one call throws `PurgeIncomplete` when more are left: purge again.
   */
  purge(prefix: string): Promise<number>;
  usage(): Promise<TierUsage[]>;
}

/** Checks a stored value's shape; a value that fails is dropped and loaded again, never served. */
export interface ValueParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** Where an answer came from: one of the tiers, or the origin (search provider, web server, writer). */
export type CacheSource = CacheTierName | "origin";

export type CacheLookup<T> =
  | { hit: true; tier: CacheTierName; value: T }
  | { hit: true; tier: CacheTierName; negative: string }
  | { hit: false };

/**
 * What a loader found: a value to keep, or a failure to remember for a short while (a negative entry).
 * `revalidated` marks a value the origin confirmed still current (an HTTP 304): counted as the hit of the tier
 * that held the copy, not as a load.
 */
export type Loaded<T> =
  | { value: T; ttlSeconds: number; revalidated?: true }
  | { negative: string; ttlSeconds: number; revalidated?: never };

export type Served<T> = ({ value: T } | { negative: string }) & { source: CacheSource };

/** Hits and misses per kind and tier; an origin count is a load that went past every tier. */
export type CacheCounts = Partial<
  Record<CacheKind, Partial<Record<CacheTierName | "origin", { hits: number; misses: number }>>>
>;

/** A key-value cache in tiers with TTLs; values are JSON. Never throws for a storage failure: it is a miss. */
export interface Cache {
  get<T>(kind: CacheKind, key: string, parser: ValueParser<T>): Promise<CacheLookup<T>>;
  set<T>(kind: CacheKind, key: string, value: T, ttlSeconds: number): Promise<void>;
  setNegative(kind: CacheKind, key: string, reason: string, ttlSeconds: number): Promise<void>;
  /** Read-through: the cached answer, else `load()` once per key in this isolate, written through to every tier. */
  getOrLoad<T>(
    kind: CacheKind,
    key: string,
    parser: ValueParser<T>,
    load: () => Promise<Loaded<T>>,
  ): Promise<Served<T>>;
  /** `load()` once per key in this isolate (concurrent callers share it), written through; no lookup first. */
  loadThrough<T>(kind: CacheKind, key: string, load: () => Promise<Loaded<T>>): Promise<Served<T>>;
  delete(key: string): Promise<void>;
  /** Counts of this cache's lookups so far. */
  counts(): CacheCounts;
}

/** A purge that deleted `removed` entries and left more under its prefix than one call may delete. */
export class PurgeIncomplete extends Error {
  override readonly name = "PurgeIncomplete";
  constructor(readonly removed: number) {
    super(`purged ${removed} entries; more are left under the prefix: purge again`);
  }
}
