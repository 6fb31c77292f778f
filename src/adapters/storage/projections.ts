import type { StoredEvent } from "../../core/jobs/events";
import {
  type AnalyticsDelta,
  addDeltas,
  analyticsDelta,
  isZero,
  type JobRow,
  jobRow,
  zeroDelta,
} from "../../core/jobs/projections";
import { applyEvent } from "../../core/jobs/reducer";
import type { JobState } from "../../core/jobs/state";

const JOB_COLUMNS: [keyof JobRow, string][] = [
  ["id", "id"],
  ["tenantId", "tenant_id"],
  ["keyword", "keyword"],
  ["keywordNormalised", "keyword_normalised"],
  ["status", "status"],
  ["stage", "stage"],
  ["run", "run"],
  ["attempts", "attempts"],
  ["seoScore", "seo_score"],
  ["qualityScore", "quality_score"],
  ["overallScore", "overall_score"],
  ["passed", "passed"],
  ["errorCode", "error_code"],
  ["errorMessage", "error_message"],
  ["webhookUrl", "webhook_url"],
  ["batchId", "batch_id"],
  ["traceId", "trace_id"],
  ["article", "article"],
  ["version", "version"],
  ["createdAt", "created_at"],
  ["updatedAt", "updated_at"],
  ["stageEnteredAt", "stage_entered_at"],
];

const ANALYTICS_COLUMNS: [keyof AnalyticsDelta, string][] = [
  ["jobs", "jobs"],
  ["completions", "completions"],
  ["failures", "failures"],
  ["scored", "scored"],
  ["seoSum", "seo_sum"],
  ["qualitySum", "quality_sum"],
  ["views", "views"],
  ["ratings", "ratings"],
  ["ratingSum", "rating_sum"],
];

const upsertJobSql = (() => {
  const names = JOB_COLUMNS.map(([, column]) => column);
  const updates = names
    .filter((name) => name !== "id")
    .map((name) => `${name} = excluded.${name}`)
    .join(", ");
  return `INSERT INTO jobs (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")}) ON CONFLICT(id) DO UPDATE SET ${updates}`;
})();

const upsertAnalyticsSql = (() => {
  const names = ANALYTICS_COLUMNS.map(([, column]) => column);
  const updates = names.map((name) => `${name} = ${name} + excluded.${name}`).join(", ");
  return `INSERT INTO tenant_analytics (tenant_id, ${names.join(", ")}) VALUES (?, ${names.map(() => "?").join(", ")}) ON CONFLICT(tenant_id) DO UPDATE SET ${updates}`;
})();

/** Turns the core's row changes into SQL for the append's batch. */
export function upsertJobRow(db: D1Database, row: JobRow): D1PreparedStatement {
  return db.prepare(upsertJobSql).bind(
    ...JOB_COLUMNS.map(([key]) => {
      const value = row[key];
      return typeof value === "boolean" ? Number(value) : value;
    }),
  );
}

export function incrementAnalytics(db: D1Database, tenantId: string, delta: AnalyticsDelta): D1PreparedStatement {
  return db.prepare(upsertAnalyticsSql).bind(tenantId, ...ANALYTICS_COLUMNS.map(([key]) => delta[key]));
}

/** Folds freshly appended events into the state and returns the read-model statements for the same batch. */
export function projectAppend(
  db: D1Database,
  before: JobState,
  appended: readonly StoredEvent[],
): { state: JobState; statements: D1PreparedStatement[] } {
  let state = before;
  let delta = zeroDelta();
  for (const event of appended) {
    delta = addDeltas(delta, analyticsDelta(state, event));
    state = applyEvent(state, event);
  }
  // A stream that never had ArticleRequested is not a job: it has no row to project.
  if (!state.exists) return { state, statements: [] };
  const statements = [upsertJobRow(db, jobRow(state))];
  if (!isZero(delta)) statements.push(incrementAnalytics(db, state.tenantId, delta));
  return { state, statements };
}
