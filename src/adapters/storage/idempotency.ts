import { type Clock, systemClock } from "../../core/ports/clock";
import type { IdempotencyKeys } from "../../core/ports/job-reads";
import type { IdempotencyRecord } from "../../core/ports/job-store";
import { HOOK_KEY_PREFIX } from "../../core/webhooks/intake";

const INSERT = "INSERT INTO idempotency_keys (tenant_id, key, request_hash, response) VALUES (?, ?, ?, ?)";

/** The statement that records a first answer; it commits in the same batch as the job it created. */
export function insertIdempotencyKey(db: D1Database, tenantId: string, record: IdempotencyRecord): D1PreparedStatement {
  return db.prepare(INSERT).bind(tenantId, record.key, record.requestHash, JSON.stringify(record.response));
}

export function isIdempotencyKeyTaken(error: unknown): boolean {
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return /UNIQUE constraint failed: idempotency_keys/i.test(message);
}

/** How long each kind of key answers: an API `Idempotency-Key`, and an inbound hook's call (`hook:…`). */
export interface KeyRetention {
  apiMs: number;
  hookMs: number;
}

/**
 * First responses to `Idempotency-Key`s, per tenant, and inbound hooks' accepted calls, each answering for its
 * kind's retention from when it was recorded. A key past that is new again at once: the sweep's prune, which may
 * run later or fall behind, is only upkeep.
 */
export class D1IdempotencyKeys implements IdempotencyKeys {
  constructor(
    private readonly db: D1Database,
    private readonly retention: KeyRetention,
    private readonly clock: Clock = systemClock,
  ) {}

  async find(tenantId: string, key: string) {
    const row = await this.db
      .prepare("SELECT request_hash, response, created_at FROM idempotency_keys WHERE tenant_id = ? AND key = ?")
      .bind(tenantId, key)
      .first<{ request_hash: string; response: string; created_at: string }>();
    if (!row) return undefined;
    const retentionMs = key.startsWith(HOOK_KEY_PREFIX) ? this.retention.hookMs : this.retention.apiMs;
    const cutoff = new Date(this.clock.now() - retentionMs).toISOString();
    if (row.created_at >= cutoff) return { requestHash: row.request_hash, response: row.response };
    // Expired: the row goes, so that this request's commit can record the key afresh. Only a row still expired
    // is deleted, never one another request has just recorded.
    await this.db
      .prepare("DELETE FROM idempotency_keys WHERE tenant_id = ? AND key = ? AND created_at < ?")
      .bind(tenantId, key, cutoff)
      .run();
    return undefined;
  }

  async remember(tenantId: string, key: string, requestHash: string, response: unknown): Promise<void> {
    await this.db
      .prepare(`${INSERT} ON CONFLICT (tenant_id, key) DO NOTHING`)
      .bind(tenantId, key, requestHash, JSON.stringify(response))
      .run();
  }
}
