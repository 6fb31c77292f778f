import type { OwedDelivery } from "../../core/ports/upkeep";

const WEBHOOK_TYPE_OF_STATUS = "CASE j.status WHEN 'completed' THEN 'article.completed' ELSE 'article.failed' END";
/** When the job's run ended, from its log: the row's `updated_at` moves on after (a rating, a view's event). */
const RUN_ENDED =
  "(SELECT MAX(ev.created_at) FROM events ev WHERE ev.stream_id = j.id AND ev.type IN ('ArticleCompleted', 'ArticleFailed'))";

/**
 * Runs whose deliveries are overdue: a pending delivery whose next try (or, never tried, its planning) is older
 * than `before` and that no send holds; and a run that ended between `since` and `before` with a receiver (an
 * endpoint enabled and subscribed to its outcome when the run ended, or the job's own `webhookUrl`) but no delivery
 * planned at all.
 * Either means the run's deliver message was lost; a new one plans (idempotently) and tries what is owed.
 */
export async function owedDeliveries(
  db: D1Database,
  { before, since, limit }: { before: Date; since: Date; limit: number },
): Promise<OwedDelivery[]> {
  const cutoff = before.toISOString();
  const [pending, unplanned] = await db.batch<{ job_id: string; dedupe_key: string; trace_id: string }>([
    db
      .prepare(
        `SELECT d.job_id, d.dedupe_key, j.trace_id FROM webhook_deliveries d JOIN jobs j ON j.id = d.job_id
         WHERE d.status = 'pending' AND COALESCE(d.next_attempt_at, d.updated_at) < ?
         AND (d.locked_until IS NULL OR d.locked_until < ?) LIMIT ?`,
      )
      .bind(cutoff, cutoff, limit),
    db
      .prepare(
        `SELECT j.id AS job_id, j.id || ':' || j.run || ':' AS dedupe_key, j.trace_id FROM jobs j
         WHERE j.status IN ('completed', 'failed') AND j.updated_at < ? AND j.updated_at >= ?
         AND (j.webhook_url IS NOT NULL OR EXISTS (
           SELECT 1 FROM webhook_endpoints e, json_each(e.events) t
           WHERE e.tenant_id = j.tenant_id AND e.disabled = 0 AND t.value = ${WEBHOOK_TYPE_OF_STATUS}
           AND COALESCE(CASE WHEN json_valid(e.active_since) THEN json_extract(e.active_since, '$."' || t.value || '"') END,
             e.created_at) <= ${RUN_ENDED}))
         AND NOT EXISTS (
           SELECT 1 FROM webhook_deliveries d WHERE d.tenant_id = j.tenant_id AND d.job_id = j.id
           AND substr(d.dedupe_key, 1, length(j.id || ':' || j.run || ':')) = j.id || ':' || j.run || ':')
         LIMIT ?`,
      )
      .bind(cutoff, since.toISOString(), limit),
  ]);
  const owed = new Map<string, OwedDelivery>();
  for (const row of [...(pending?.results ?? []), ...(unplanned?.results ?? [])]) {
    const run = Number(row.dedupe_key.slice(row.job_id.length + 1).split(":")[0]);
    if (!Number.isInteger(run) || run < 1) continue;
    owed.set(`${row.job_id}:${run}`, { jobId: row.job_id, run, traceId: row.trace_id });
  }
  return [...owed.values()];
}
