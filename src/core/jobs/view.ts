import type { Article } from "../article/model";
import type { Scores } from "./events";
import { type JobRow, jobRow, type SourceSummary } from "./projections";
import type { JobStage, JobStatus, RecordedAssessment, RequestedJob, Usage } from "./state";

/** The job as the API shows it (GET /v1/articles/:id). */
export interface JobView {
  id: string;
  keyword: string;
  status: JobStatus;
  stage: JobStage;
  attempts: number;
  run: number;
  scores: Scores | null;
  passed: boolean | null;
  error?: { code: string; message: string };
  traceId: string;
  batchId?: string;
  webhookUrl?: string;
  createdAt: string;
  updatedAt: string;
  timings: { researchMs?: number; totalMs?: number };
  links: JobLinks;
  article?: Article;
  assessment?: RecordedAssessment;
  sources?: SourceSummary[];
  usage?: Usage;
}

export interface JobLinks {
  self: string;
  events: string;
  html: string;
  markdown: string;
  [name: string]: string;
}

export function jobLinks(id: string): JobLinks {
  const self = `/v1/articles/${id}`;
  return { self, events: `${self}/events`, html: `${self}?format=html`, markdown: `${self}?format=markdown` };
}

/** The view of a read-model row: what GET serves without touching the log. */
export function jobViewOfRow(row: JobRow): JobView {
  const scores =
    row.overallScore === null
      ? null
      : { seo: row.seoScore ?? 0, quality: row.qualityScore ?? 0, overall: row.overallScore };
  return {
    id: row.id,
    keyword: row.keyword,
    status: row.status,
    stage: row.stage,
    attempts: row.attempts,
    run: row.run,
    scores,
    passed: row.passed,
    ...(row.errorCode ? { error: { code: row.errorCode, message: row.errorMessage ?? "" } } : {}),
    traceId: row.traceId,
    ...(row.batchId ? { batchId: row.batchId } : {}),
    ...(row.webhookUrl ? { webhookUrl: row.webhookUrl } : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    timings: {
      ...(row.researchMs !== null ? { researchMs: row.researchMs } : {}),
      ...(row.totalMs !== null ? { totalMs: row.totalMs } : {}),
    },
    links: jobLinks(row.id),
    ...(row.article ? { article: row.article } : {}),
    ...(row.assessment ? { assessment: row.assessment } : {}),
    ...(row.sources ? { sources: row.sources } : {}),
    usage: row.usage,
  };
}

/** The view of a folded job: the same as its row's, so the command side and the read side agree. */
export function jobView(state: RequestedJob): JobView {
  return jobViewOfRow(jobRow(state));
}
