import type { IdempotencyKeys } from "../../core/ports/job-reads";
import type { IdempotencyRecord } from "../../core/ports/job-store";

const INSERT = "INSERT INTO idempotency_keys (tenant_id, key, request_hash, response) VALUES (?, ?, ?, ?)";

/** The statement that records a first answer; it commits in the same batch as the job it created. */
export function insertIdempotencyKey(db: D1Database, tenantId: string, record: IdempotencyRecord): D1PreparedStatement {
  return db.prepare(INSERT).bind(tenantId, record.key, record.requestHash, JSON.stringify(record.response));
}

export function isIdempotencyKeyTaken(error: unknown): boolean {
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return /UNIQUE constraint failed: idempotency_keys/i.test(message);
}

/** First responses to `Idempotency-Key`s, per tenant. */
export class D1IdempotencyKeys implements IdempotencyKeys {
  constructor(private readonly db: D1Database) {}

  async find(tenantId: string, key: string) {
    const row = await this.db
      .prepare("SELECT request_hash, response FROM idempotency_keys WHERE tenant_id = ? AND key = ?")
      .bind(tenantId, key)
      .first<{ request_hash: string; response: string }>();
    return row ? { requestHash: row.request_hash, response: row.response } : undefined;
  }

  async remember(tenantId: string, key: string, requestHash: string, response: unknown): Promise<void> {
    await this.db
      .prepare(`${INSERT} ON CONFLICT (tenant_id, key) DO NOTHING`)
      .bind(tenantId, key, requestHash, JSON.stringify(response))
      .run();
  }
}
