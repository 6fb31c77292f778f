import type { SloAlertRecord } from "../../core/slo/sweep";

interface AlertRow {
  slo: string;
  firing: number;
  severity: "page" | "ticket" | null;
  since: number;
  burn_rate: number;
  notified: number;
}

/** Each objective's alert state in D1: what the last sweep decided and whether its alert got through. */
export class D1SloAlerts {
  constructor(private readonly db: D1Database) {}

  async all(): Promise<SloAlertRecord[]> {
    const { results } = await this.db
      .prepare("SELECT slo, firing, severity, since, burn_rate, notified FROM slo_alerts ORDER BY slo")
      .all<AlertRow>();
    return results.map((row) => ({
      slo: row.slo,
      firing: row.firing === 1,
      ...(row.severity ? { severity: row.severity } : {}),
      since: row.since,
      burnRate: row.burn_rate,
      notified: row.notified === 1,
    }));
  }

  async remove(slo: string): Promise<void> {
    await this.db.prepare("DELETE FROM slo_alerts WHERE slo = ?").bind(slo).run();
  }

  async save(record: SloAlertRecord): Promise<void> {
    await this.db
      .prepare(
        "INSERT INTO slo_alerts (slo, firing, severity, since, burn_rate, notified) VALUES (?, ?, ?, ?, ?, ?) " +
          "ON CONFLICT(slo) DO UPDATE SET firing = excluded.firing, severity = excluded.severity, since = excluded.since, " +
          "burn_rate = excluded.burn_rate, notified = excluded.notified",
      )
      .bind(
        record.slo,
        Number(record.firing),
        record.severity ?? null,
        record.since,
        record.burnRate,
        Number(record.notified),
      )
      .run();
  }
}
