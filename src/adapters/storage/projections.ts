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

/** The jobs table's columns by row field; the `views` counter is not among them, so a projection never resets it. */
export const JOB_COLUMNS: [keyof JobRow, string][] = [
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
  ["assessment", "assessment"],
  ["sources", "sources"],
  ["usage", "usage"],
  ["researchMs", "research_ms"],
  ["totalMs", "total_ms"],
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

/** Where a projection writes: the live read tables, or a rebuild's shadows of them. */
export interface ReadTables {
  jobs: "jobs" | "jobs_rebuild";
  analytics: "tenant_analytics" | "tenant_analytics_rebuild";
}

export const LIVE: ReadTables = { jobs: "jobs", analytics: "tenant_analytics" };
export const SHADOW: ReadTables = { jobs: "jobs_rebuild", analytics: "tenant_analytics_rebuild" };

export const JOB_COLUMN_NAMES = JOB_COLUMNS.map(([, column]) => column);

/** A row of a later version replaces an earlier one, never the reverse: a replay cannot undo a live append. */
const upsertJobSql = (table: ReadTables["jobs"]) => {
  const updates = JOB_COLUMN_NAMES.filter((name) => name !== "id")
    .map((name) => `${name} = excluded.${name}`)
    .join(", ");
  return `INSERT INTO ${table} (${JOB_COLUMN_NAMES.join(", ")}) VALUES (${JOB_COLUMN_NAMES.map(() => "?").join(", ")}) ON CONFLICT(id) DO UPDATE SET ${updates} WHERE excluded.version >= ${table}.version`;
};

const upsertAnalyticsSql = (table: ReadTables["analytics"]) => {
  const names = ANALYTICS_COLUMNS.map(([, column]) => column);
  const updates = names.map((name) => `${name} = ${name} + excluded.${name}`).join(", ");
  return `INSERT INTO ${table} (tenant_id, ${names.join(", ")}) VALUES (?, ${names.map(() => "?").join(", ")}) ON CONFLICT(tenant_id) DO UPDATE SET ${updates}`;
};

/** Turns the core's row changes into SQL for the append's batch. */
export function upsertJobRow(db: D1Database, row: JobRow, tables: ReadTables = LIVE): D1PreparedStatement {
  return db.prepare(upsertJobSql(tables.jobs)).bind(
    ...JOB_COLUMNS.map(([key]) => {
      const value = row[key];
      if (typeof value === "boolean") return Number(value);
      return value !== null && typeof value === "object" ? JSON.stringify(value) : value;
    }),
  );
}

export function incrementAnalytics(
  db: D1Database,
  tenantId: string,
  delta: AnalyticsDelta,
  tables: ReadTables = LIVE,
): D1PreparedStatement {
  return db
    .prepare(upsertAnalyticsSql(tables.analytics))
    .bind(tenantId, ...ANALYTICS_COLUMNS.map(([key]) => delta[key]));
}

/** Folds freshly appended events into the state and returns the read-model statements for the same batch. */
export function projectAppend(
  db: D1Database,
  before: JobState,
  appended: readonly StoredEvent[],
  tables: ReadTables = LIVE,
): { state: JobState; statements: D1PreparedStatement[] } {
  let state = before;
  let delta = zeroDelta();
  for (const event of appended) {
    delta = addDeltas(delta, analyticsDelta(state, event));
    state = applyEvent(state, event);
  }
  // A stream that never had ArticleRequested is not a job: it has no row to project.
  if (!state.exists) return { state, statements: [] };
  const statements = [upsertJobRow(db, jobRow(state), tables)];
  if (!isZero(delta)) statements.push(incrementAnalytics(db, state.tenantId, delta, tables));
  return { state, statements };
}
