import { byteLength } from "../../core/cache/tiered";
import { CACHE_KINDS, type CacheKind, type CacheTier, PurgeIncomplete, type TierUsage } from "../../core/ports/cache";
import { type Clock, systemClock } from "../../core/ports/clock";

interface KvMetadata {
  kind: CacheKind;
  /** The value's size in UTF-8 bytes, as KV stores and bills it. */
  bytes: number;
  /** When the entry expires (epoch ms, by the cache's clock); KV's own expiration is at least a minute away. */
  expiresAt?: number;
}

/** KV refuses expirations less than a minute away. */
const KV_MIN_TTL_SECONDS = 60;
/** Listing is paged by 1000 keys; a usage count reads at most this many pages. */
const MAX_LIST_PAGES = 20;
/**
 * KV operations one purge makes at most, lists and deletes together: the platform allows a Worker invocation 1000
 * KV operations, and a purge's request makes a few others.
 */
const PURGE_OPERATIONS = 900;

/**
 * L2: Workers KV, global and eventually consistent; each value carries its kind, size and expiry as metadata, so
 * usage counts what is live by the cache's clock without reading a value.
 */
export class KvTier implements CacheTier {
  readonly name = "l2" as const;
  readonly maxEntryBytes = 20 * 1024 * 1024;

  constructor(
    private readonly kv: KVNamespace,
    private readonly clock: Clock = systemClock,
    private readonly limits: { purgeOperations?: number } = {},
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.kv.get(key, "text")) ?? undefined;
  }

  async put(key: string, kind: CacheKind, text: string, expiresAt: number): Promise<void> {
    // KV's own limit is on the wall clock, whatever clock the cache runs on.
    const expiration = Math.max(Math.ceil(expiresAt / 1000), Math.ceil(Date.now() / 1000) + KV_MIN_TTL_SECONDS);
    const metadata: KvMetadata = { kind, bytes: byteLength(text), expiresAt };
    await this.kv.put(key, text, { expiration, metadata });
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  /**
   * Deletes page by page of the listing, up to the operations one call may make; with keys left, throws
   * `PurgeIncomplete` saying how many went, and the next purge goes on (deleted keys are no longer listed).
   */
  async purge(prefix: string): Promise<number> {
    let budget = this.limits.purgeOperations ?? PURGE_OPERATIONS;
    let removed = 0;
    let cursor: string | undefined;
    for (;;) {
      budget--;
      const listed = await this.kv.list({ prefix, ...(cursor ? { cursor } : {}) });
      const keys = listed.keys.slice(0, Math.max(0, budget));
      await Promise.all(keys.map((key) => this.kv.delete(key.name)));
      removed += keys.length;
      budget -= keys.length;
      if (keys.length < listed.keys.length || (!listed.list_complete && budget < 1)) throw new PurgeIncomplete(removed);
      if (listed.list_complete) return removed;
      cursor = listed.cursor;
    }
  }

  async usage(): Promise<TierUsage[]> {
    const usage = new Map<CacheKind, TierUsage>();
    const now = this.clock.now();
    for (const kind of CACHE_KINDS) {
      for await (const keys of this.pages(`${kind}:`)) {
        const entry = usage.get(kind) ?? { kind, entries: 0, bytes: 0 };
        for (const key of keys) {
          const { bytes, expiresAt } = readMetadata(key.metadata);
          // Past its expiry by the cache's clock it is never served, though KV may still list it for a while.
          if (expiresAt !== undefined && expiresAt <= now) continue;
          entry.entries++;
          entry.bytes += bytes;
        }
        usage.set(kind, entry);
      }
    }
    return [...usage.values()];
  }

  private async *pages(prefix: string) {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const listed = await this.kv.list<KvMetadata>({ prefix, ...(cursor ? { cursor } : {}) });
      yield listed.keys;
      if (listed.list_complete) return;
      cursor = listed.cursor;
    }
  }
}

/** Metadata as stored: a key written without it (or by an older version) counts with no bytes and no expiry. */
function readMetadata(metadata: unknown): { bytes: number; expiresAt?: number } {
  const fields = typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>) : {};
  const finite = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
  const expiresAt = finite(fields.expiresAt);
  return { bytes: finite(fields.bytes) ?? 0, ...(expiresAt !== undefined ? { expiresAt } : {}) };
}
