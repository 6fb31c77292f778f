import { and, eq, gt, sql } from "drizzle-orm";
import { byteLength } from "../../core/cache/tiered";
import type { CacheCounts, CacheKind, CacheTier, TierUsage } from "../../core/ports/cache";
import type { Clock } from "../../core/ports/clock";
import { cacheEntries, cacheStats } from "../../db/schema/cache";
import type { Db } from "../storage/db";

/** L3: D1, strongly consistent and queryable; rows past their expiry are never read and are pruned by the cron sweep. */
export class D1Tier implements CacheTier {
  readonly name = "l3" as const;
  /** D1 keeps a row under 2 MB. */
  readonly maxEntryBytes = 1_000_000;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const rows = await this.db
      .select({ value: cacheEntries.value })
      .from(cacheEntries)
      .where(and(eq(cacheEntries.key, key), gt(cacheEntries.expiresAt, this.clock.now())))
      .limit(1);
    return rows[0]?.value;
  }

  async put(key: string, kind: CacheKind, text: string, expiresAt: number): Promise<void> {
    const row = { key, kind, value: text, bytes: byteLength(text), expiresAt };
    await this.db
      .insert(cacheEntries)
      .values(row)
      .onConflictDoUpdate({ target: cacheEntries.key, set: { kind, value: text, bytes: row.bytes, expiresAt } });
  }

  async delete(key: string): Promise<void> {
    await this.db.delete(cacheEntries).where(eq(cacheEntries.key, key));
  }

  async purge(prefix: string): Promise<number> {
    const result = await this.db
      .delete(cacheEntries)
      // A prefix compared as such, not LIKE: D1 refuses a LIKE pattern over 50 bytes, and keys are longer.
      .where(sql`substr(${cacheEntries.key}, 1, length(${prefix})) = ${prefix}`);
    return result.meta.changes ?? 0;
  }

  async usage(): Promise<TierUsage[]> {
    const rows = await this.db
      .select({
        kind: cacheEntries.kind,
        entries: sql<number>`count(*)`,
        bytes: sql<number>`coalesce(sum(${cacheEntries.bytes}), 0)`,
      })
      .from(cacheEntries)
      .where(gt(cacheEntries.expiresAt, this.clock.now()))
      .groupBy(cacheEntries.kind);
    return rows.map((row) => ({ kind: row.kind as CacheKind, entries: Number(row.entries), bytes: Number(row.bytes) }));
  }
}

/** Hit and miss counts summed across the deployment, by kind and tier. */
export class CacheStatsStore {
  constructor(private readonly db: Db) {}

  async add(counts: CacheCounts): Promise<void> {
    const rows = Object.entries(counts).flatMap(([kind, tiers]) =>
      Object.entries(tiers ?? {}).map(([tier, c]) => ({ kind, tier, hits: c.hits, misses: c.misses })),
    );
    if (!rows.length) return;
    await this.db
      .insert(cacheStats)
      .values(rows)
      .onConflictDoUpdate({
        target: [cacheStats.kind, cacheStats.tier],
        set: { hits: sql`${cacheStats.hits} + excluded.hits`, misses: sql`${cacheStats.misses} + excluded.misses` },
      });
  }

  async read(): Promise<CacheCounts> {
    const rows = await this.db.select().from(cacheStats);
    const counts: CacheCounts = {};
    for (const row of rows) {
      const kind = row.kind as CacheKind;
      counts[kind] = { ...counts[kind], [row.tier]: { hits: row.hits, misses: row.misses } };
    }
    return counts;
  }

  async reset(kind?: CacheKind): Promise<void> {
    await (kind ? this.db.delete(cacheStats).where(eq(cacheStats.kind, kind)) : this.db.delete(cacheStats));
  }
}
