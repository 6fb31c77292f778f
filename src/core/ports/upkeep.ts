/** What the periodic sweep counts as pruned: rows of each bookkeeping kind deleted after their retention. */
export interface Pruned {
  outbox: number;
  idempotencyKeys: number;
  hookCalls: number;
  /** Cache entries in D1 past their expiry (never read; the rows go). */
  cacheEntries: number;
  /** Stage heartbeats too old to hold a job off the sweep. */
  heartbeats: number;
}

/** A job run whose webhooks are owed and whose deliver message seems lost. */
export interface OwedDelivery {
  jobId: string;
  run: number;
  traceId: string;
}

/** A job that made no progress for the stuck threshold, and its stage's last heartbeat (ms), older than that. */
export interface StalledJob {
  id: string;
  beatAt?: number;
  /** Whether a consumer still held the message at that beat: its worker stopped with it. */
  held?: boolean;
}

/** The storage side of the periodic sweep: the queries it makes across tenants, and nothing a request needs. */
export interface Upkeep {
  /** Re-sends outbox rows a failed send left unsent for longer than `olderThanMs`; how many went out. */
  resendUnsent(olderThanMs: number, limit: number): Promise<number>;
  /**
   * Jobs still working (queued, researching, writing) that entered their stage before `before` and whose stage
   * message no consumer has vouched for since (a stage heartbeat), oldest first.
   */
  stalledJobs(before: Date, limit: number): Promise<StalledJob[]>;
  /**
   * Runs whose deliveries are overdue: a pending delivery whose next try (or, never tried, its planning) is older
   * than `before` and that no send holds; or a run that ended between `since` and `before` with a receiver but no
   * delivery planned at all. Either means the run's deliver message was lost.
   */
  owedDeliveries(before: Date, since: Date, limit: number): Promise<OwedDelivery[]>;
  /** Sends each run a new deliver message, through the outbox; how many went out. */
  redeliver(owed: OwedDelivery[]): Promise<number>;
  /** Deletes what has outlived its retention, as of `now` (ms). */
  prune(now: number): Promise<Pruned>;
}
