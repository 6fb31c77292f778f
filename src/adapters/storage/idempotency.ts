/** First responses to `Idempotency-Key`s, per tenant; the row commits in the same batch as the job it created. */
export class IdempotencyKeys {
  constructor(
    private readonly db: D1Database,
    readonly tenantId: string,
  ) {}

  find(key: string): Promise<{ request_hash: string; response: string } | null> {
    return this.db
      .prepare("SELECT request_hash, response FROM idempotency_keys WHERE tenant_id = ? AND key = ?")
      .bind(this.tenantId, key)
      .first<{ request_hash: string; response: string }>();
  }

  insert(key: string, requestHash: string, response: unknown): D1PreparedStatement {
    return this.db
      .prepare("INSERT INTO idempotency_keys (tenant_id, key, request_hash, response) VALUES (?, ?, ?, ?)")
      .bind(this.tenantId, key, requestHash, JSON.stringify(response));
  }
}

export function isIdempotencyKeyTaken(error: unknown): boolean {
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return /UNIQUE constraint failed: idempotency_keys/i.test(message);
}
