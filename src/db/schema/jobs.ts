import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** The record: append-only, one row per event; `(stream_id, version)` unique gives optimistic concurrency. */
export const events = sqliteTable(
  "events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull(),
    streamId: text("stream_id").notNull(),
    version: integer("version").notNull(),
    type: text("type").notNull(),
    schemaVersion: integer("schema_version").notNull(),
    data: text("data").notNull(),
    tenantId: text("tenant_id").notNull(),
    traceId: text("trace_id").notNull(),
    causationId: text("causation_id"),
    createdAt: text("created_at").notNull().default(now),
  },
  (table) => [
    uniqueIndex("events_stream_version_idx").on(table.streamId, table.version),
    uniqueIndex("events_id_idx").on(table.id),
  ],
);

/** Queue messages committed with the events that caused them; sent after the commit, re-sent by the sweeper. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    body: text("body").notNull(),
    delaySeconds: integer("delay_seconds").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
    sends: integer("sends").notNull().default(0),
  },
  (table) => [index("outbox_unsent_idx").on(table.sentAt, table.createdAt)],
);

/**
 * The last time a stage consumer vouched for a job's message of a stage (ms): the sweeper leaves a job that a live
 * consumer is working on, holds waiting for a slot in its batch, or sent back to be due again later. A row per
 * stage, so a duplicate of a passed stage's message, beaten for as it arrives, leaves the current stage's vouch as
 * it was. Not part of the record: a beat is not progress.
 */
export const stageHeartbeats = sqliteTable(
  "stage_heartbeats",
  {
    jobId: text("job_id").notNull(),
    stage: text("stage").notNull(),
    beatAt: integer("beat_at").notNull(),
    /** 1 while a consumer holds the message (a worker that dies keeps it 1), 0 once the consumer settled it. */
    held: integer("held").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.jobId, table.stage] })],
);

/** The jobs read model's columns: the live table and the rebuild's shadow share them. */
const jobColumns = () => ({
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  keyword: text("keyword").notNull(),
  keywordNormalised: text("keyword_normalised").notNull(),
  status: text("status").notNull(),
  stage: text("stage").notNull(),
  run: integer("run").notNull(),
  attempts: integer("attempts").notNull(),
  seoScore: real("seo_score"),
  qualityScore: real("quality_score"),
  overallScore: real("overall_score"),
  passed: integer("passed", { mode: "boolean" }),
  errorCode: text("error_code"),
  errorMessage: text("error_message"),
  webhookUrl: text("webhook_url"),
  batchId: text("batch_id"),
  traceId: text("trace_id").notNull(),
  article: text("article"),
  /** The kept draft's full assessment (JSON), once completed. */
  assessment: text("assessment"),
  /** The current run's sources as the API lists them (JSON). */
  sources: text("sources"),
  /** LLM calls, tokens and cost so far (JSON). */
  usage: text("usage"),
  researchMs: integer("research_ms"),
  totalMs: integer("total_ms"),
  /** Readers' reads of the completed article: a counter, not an event. */
  views: integer("views").notNull().default(0),
  version: integer("version").notNull(),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  stageEnteredAt: text("stage_entered_at").notNull(),
});

/** Read model: one row per job, rebuilt from the events by the projections. */
export const jobs = sqliteTable("jobs", jobColumns(), (table) => [
  index("jobs_tenant_created_idx").on(table.tenantId, table.createdAt, table.id),
  index("jobs_status_stage_idx").on(table.status, table.stageEnteredAt),
  index("jobs_batch_idx").on(table.batchId),
]);

/** A rebuild's shadow of `jobs`: filled from the log while `jobs` keeps serving, then swapped in. */
export const jobsRebuild = sqliteTable("jobs_rebuild", jobColumns());

const analyticsColumns = () => ({
  tenantId: text("tenant_id").primaryKey(),
  jobs: integer("jobs").notNull().default(0),
  completions: integer("completions").notNull().default(0),
  failures: integer("failures").notNull().default(0),
  scored: integer("scored").notNull().default(0),
  seoSum: real("seo_sum").notNull().default(0),
  qualitySum: real("quality_sum").notNull().default(0),
  views: integer("views").notNull().default(0),
  ratings: integer("ratings").notNull().default(0),
  ratingSum: integer("rating_sum").notNull().default(0),
});

/** Read model: per-tenant totals; averages are sums over counts so live increments and a rebuild agree. */
export const tenantAnalytics = sqliteTable("tenant_analytics", analyticsColumns());

/** A rebuild's shadow of `tenant_analytics`. */
export const tenantAnalyticsRebuild = sqliteTable("tenant_analytics_rebuild", analyticsColumns());
/**
 * Command side: the first response to an `Idempotency-Key`, replayed for the same body. Inbound hook calls are
 * remembered here too (`hook:<hook id>:…`), committed with the job they started; the cron sweep prunes both.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    response: text("response").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.key] }),
    index("idempotency_keys_created_idx").on(table.createdAt),
  ],
);

/** Command side: a batch groups the jobs it fanned out to (their rows carry `batch_id`). */
export const batches = sqliteTable(
  "batches",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    size: integer("size").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (table) => [index("batches_tenant_idx").on(table.tenantId, table.createdAt)],
);
