import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** L3 of the cache: entries that must outlive KV's eventual consistency or be queried (counts and bytes by kind). */
export const cacheEntries = sqliteTable(
  "cache_entries",
  {
    key: text("key").primaryKey(),
    kind: text("kind").notNull(),
    value: text("value").notNull(),
    bytes: integer("bytes").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (table) => [index("cache_entries_expires_idx").on(table.expiresAt)],
);

/** Hits and misses of every research run, by kind and tier, summed across the deployment. */
export const cacheStats = sqliteTable(
  "cache_stats",
  {
    kind: text("kind").notNull(),
    tier: text("tier").notNull(),
    hits: integer("hits").notNull().default(0),
    misses: integer("misses").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.kind, table.tier] })],
);
