import { z } from "zod";
import { ArticleSchema } from "../../core/article/model";
import { RecordedAssessmentSchema } from "../../core/jobs/events";
import type { JobRow } from "../../core/jobs/projections";
import { SourceSummarySchema } from "../../core/research/source-schema";
import { JOB_COLUMNS } from "./projections";

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text) => JSON.parse(text))
    .pipe(schema);

/** A jobs row as D1 returns it, checked and turned back into the core's row (JSON columns parsed). */
const StoredJobRow = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    keyword: z.string(),
    keyword_normalised: z.string(),
    status: z.enum(["queued", "researching", "writing", "completed", "failed"]),
    stage: z.enum(["research", "write", "done"]),
    run: z.number(),
    attempts: z.number(),
    seo_score: z.number().nullable(),
    quality_score: z.number().nullable(),
    overall_score: z.number().nullable(),
    passed: z
      .number()
      .nullable()
      .transform((value) => (value === null ? null : value === 1)),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    webhook_url: z.string().nullable(),
    batch_id: z.string().nullable(),
    trace_id: z.string(),
    article: json(ArticleSchema).nullable(),
    assessment: json(RecordedAssessmentSchema).nullable(),
    sources: json(z.array(SourceSummarySchema)).nullable(),
    usage: json(z.object({ calls: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }))
      .nullable()
      .transform((usage) => usage ?? { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }),
    research_ms: z.number().nullable(),
    total_ms: z.number().nullable(),
    version: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    stage_entered_at: z.string(),
  })
  .transform(
    (row): JobRow => ({
      id: row.id,
      tenantId: row.tenant_id,
      keyword: row.keyword,
      keywordNormalised: row.keyword_normalised,
      status: row.status,
      stage: row.stage,
      run: row.run,
      attempts: row.attempts,
      seoScore: row.seo_score,
      qualityScore: row.quality_score,
      overallScore: row.overall_score,
      passed: row.passed,
      errorCode: row.error_code,
      errorMessage: row.error_message,
      webhookUrl: row.webhook_url,
      batchId: row.batch_id,
      traceId: row.trace_id,
      article: row.article,
      assessment: row.assessment,
      sources: row.sources,
      usage: row.usage,
      researchMs: row.research_ms,
      totalMs: row.total_ms,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      stageEnteredAt: row.stage_entered_at,
    }),
  );

export const JOB_ROW_SELECT = JOB_COLUMNS.map(([, column]) => column).join(", ");

export function parseJobRow(row: unknown): JobRow {
  return StoredJobRow.parse(row);
}
