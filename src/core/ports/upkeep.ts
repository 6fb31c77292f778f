/** What the periodic sweep counts as pruned: rows of each bookkeeping kind deleted after their retention. */
export interface Pruned {
  outbox: number;
  idempotencyKeys: number;
  hookCalls: number;
  /** Cache entries in D1 past their expiry (never read; the rows go). */
  cacheEntries: number;
}

/** The storage side of the periodic sweep: the queries it makes across tenants, and nothing a request needs. */
export interface Upkeep {
  /** Re-sends outbox rows a failed send left unsent for longer than `olderThanMs`; how many went out. */
  resendUnsent(olderThanMs: number, limit: number): Promise<number>;
  /** Jobs still working (queued, researching, writing) that entered their stage before `before`, oldest first. */
  stalledJobs(before: Date, limit: number): Promise<string[]>;
  /** Deletes what has outlived its retention, as of `now` (ms). */
  prune(now: number): Promise<Pruned>;
}
