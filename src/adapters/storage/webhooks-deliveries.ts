import { and, asc, desc, eq, isNull, lt, lte, or } from "drizzle-orm";
import { newId } from "../../core/ids";
import type { AttemptRecord, PlannedDelivery } from "../../core/ports/webhooks";
import { webhookDeliveries } from "../../db/schema/webhooks";
import type { Db } from "./db";
import type { Outbox } from "./outbox";

type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type DeliveryView = Omit<DeliveryRow, "tenantId" | "dedupeKey" | "lockedUntil" | "payload"> & {
  payload: unknown;
};

export function deliveryView(row: DeliveryRow): DeliveryView {
  const { tenantId: _t, dedupeKey: _d, lockedUntil: _l, payload, ...rest } = row;
  return { ...rest, payload: JSON.parse(payload) };
}

/**
 * One tenant's webhook deliveries (the delivery log): every query filters by the tenant. Settling a delivery
 * commits with the job's event, so composition adds that part (see `attemptStatement`).
 */
export class TenantDeliveries {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
  ) {}

  /** Records the deliveries an outcome needs; planning the same outcome twice adds nothing. */
  async plan(deliveries: PlannedDelivery[]): Promise<void> {
    for (const delivery of deliveries) {
      const { outcomeKey, ...rest } = delivery;
      await this.db
        .insert(webhookDeliveries)
        .values({
          ...rest,
          id: newId("whd"),
          tenantId: this.tenantId,
          dedupeKey: `${delivery.jobId}:${outcomeKey}:${delivery.endpointId ?? `request:${delivery.url}`}`,
        })
        .onConflictDoNothing();
    }
  }

  async list(filter: { jobId?: string; endpointId?: string; limit: number }): Promise<DeliveryRow[]> {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.tenantId, this.tenantId),
          filter.jobId ? eq(webhookDeliveries.jobId, filter.jobId) : undefined,
          filter.endpointId ? eq(webhookDeliveries.endpointId, filter.endpointId) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(filter.limit)
      .all();
  }

  async get(id: string): Promise<DeliveryRow | undefined> {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, this.tenantId), eq(webhookDeliveries.id, id)))
      .get();
  }

  async pendingForJob(jobId: string, run?: number): Promise<DeliveryRow[]> {
    const rows = await this.db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.tenantId, this.tenantId),
          eq(webhookDeliveries.jobId, jobId),
          eq(webhookDeliveries.status, "pending"),
        ),
      )
      .orderBy(asc(webhookDeliveries.createdAt))
      .all();
    return run === undefined ? rows : rows.filter((row) => runOf(row) === run);
  }

  /**
   * Takes a short lease on a pending delivery, so two consumers holding the same job never send it twice
   * at once. Returns the row with its attempt counted, or undefined when someone else has it (or it is done). With
   * `dueBy`, a delivery whose next try is later is not taken either: checked in the same statement, so a try
   * another consumer recorded after this one read the row still holds this one back.
   */
  async claim(id: string, now: Date, leaseMs: number, dueBy?: Date): Promise<DeliveryRow | undefined> {
    const [row] = await this.db
      .update(webhookDeliveries)
      .set({ lockedUntil: new Date(now.getTime() + leaseMs).toISOString() })
      .where(
        and(
          eq(webhookDeliveries.tenantId, this.tenantId),
          eq(webhookDeliveries.id, id),
          eq(webhookDeliveries.status, "pending"),
          or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now.toISOString())),
          dueBy
            ? or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, dueBy.toISOString()))
            : undefined,
        ),
      )
      .returning();
    return row;
  }

  /** Records one attempt's outcome and releases the lease. */
  async recordAttempt(id: string, outcome: AttemptRecord): Promise<void> {
    await this.attemptStatement(id, outcome).run();
  }

  /** The same record as a statement, to commit in one batch with the job's WebhookDelivered/Failed event. */
  attemptStatement(id: string, outcome: AttemptRecord): D1PreparedStatement {
    return this.db.$client
      .prepare(
        `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_error = ?,
         next_attempt_at = ?, locked_until = NULL, updated_at = ? WHERE tenant_id = ? AND id = ?`,
      )
      .bind(
        outcome.status,
        outcome.attempts,
        outcome.statusCode ?? null,
        outcome.error ?? null,
        outcome.nextAttemptAt ?? null,
        outcome.now.toISOString(),
        this.tenantId,
        id,
      );
  }

  /**
   * Puts a delivery back to pending with a fresh attempt budget, in one batch with the outbox row of its run's
   * deliver message; the message is sent after the commit (and re-sent by the sweep if that send fails).
   */
  async reopen(id: string, now: Date, traceId: string, outbox: Outbox): Promise<DeliveryRow | undefined> {
    const row = await this.get(id);
    if (!row) return undefined;
    const message = outbox.row({ jobId: row.jobId, stage: "deliver", attempt: runOf(row), traceId });
    const reopen = this.db.$client
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, locked_until = NULL,
         updated_at = ? WHERE tenant_id = ? AND id = ?`,
      )
      .bind(now.toISOString(), now.toISOString(), this.tenantId, id);
    await this.db.$client.batch([reopen, outbox.insert(message)]);
    await outbox.send([message]);
    return this.get(id);
  }
}

/** The run a delivery announces, from its dedupe key `<job>:<run>:<event type>:<receiver>`. */
function runOf(row: DeliveryRow): number {
  const run = Number(row.dedupeKey.slice(row.jobId.length + 1).split(":")[0]);
  return Number.isInteger(run) && run > 0 ? run : 1;
}
