import type { Article } from "../article/model";
import { type SourceSummary, summariseSource } from "../research/source-schema";
import type { StoredEvent } from "./events";
import { normaliseKeyword } from "./request";
import {
  bestDraft,
  type JobStage,
  type JobState,
  type JobStatus,
  type RecordedAssessment,
  type RequestedJob,
  type Usage,
} from "./state";

/** A source as the API lists it; `finalUrl` (after redirects) is the address the article's citations link to. */
export type { SourceSummary };

/** The jobs read table's row for a state: a function of the state alone, so live and rebuilt rows agree. */
export interface JobRow {
  id: string;
  tenantId: string;
  keyword: string;
  keywordNormalised: string;
  status: JobStatus;
  stage: JobStage;
  run: number;
  attempts: number;
  seoScore: number | null;
  qualityScore: number | null;
  overallScore: number | null;
  passed: boolean | null;
  errorCode: string | null;
  errorMessage: string | null;
  webhookUrl: string | null;
  batchId: string | null;
  traceId: string;
  article: Article | null;
  /** The kept draft's assessment, once completed. */
  assessment: RecordedAssessment | null;
  sources: SourceSummary[] | null;
  usage: Usage;
  researchMs: number | null;
  totalMs: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  stageEnteredAt: string;
}

const between = (from?: string, to?: string) => (from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null);

export function jobRow(state: RequestedJob): JobRow {
  const kept = state.status === "completed" ? bestDraft(state) : undefined;
  return {
    id: state.id,
    tenantId: state.tenantId,
    keyword: state.request.keyword,
    keywordNormalised: normaliseKeyword(state.request.keyword),
    status: state.status,
    stage: state.stage,
    run: state.run,
    attempts: state.attempts.length,
    seoScore: state.scores?.seo ?? null,
    qualityScore: state.scores?.quality ?? null,
    overallScore: state.scores?.overall ?? null,
    passed: state.passed,
    errorCode: state.error?.code ?? null,
    errorMessage: state.error?.message ?? null,
    webhookUrl: state.request.webhookUrl ?? null,
    batchId: state.batchId ?? null,
    traceId: state.traceId,
    article: kept?.article ?? null,
    assessment: kept?.assessment ?? null,
    sources: state.research ? state.research.report.sources.map(summariseSource) : (state.researchSources ?? null),
    usage: state.usage,
    researchMs: between(state.researchStartedAt, state.researchCompletedAt),
    totalMs: between(state.createdAt, state.finishedAt),
    version: state.version,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    stageEnteredAt: state.stageEnteredAt,
  };
}

/** Increments to a tenant's analytics: additive per event, so any split of the log sums to the same totals. */
export interface AnalyticsDelta {
  jobs: number;
  completions: number;
  failures: number;
  scored: number;
  seoSum: number;
  qualitySum: number;
  views: number;
  ratings: number;
  ratingSum: number;
}

export const zeroDelta = (): AnalyticsDelta => ({
  jobs: 0,
  completions: 0,
  failures: 0,
  scored: 0,
  seoSum: 0,
  qualitySum: 0,
  views: 0,
  ratings: 0,
  ratingSum: 0,
});

/** A rating replaces the job's previous one: the count grows only on a job's first rating. */
export function analyticsDelta(before: JobState, event: StoredEvent): AnalyticsDelta {
  const delta = zeroDelta();
  switch (event.type) {
    case "ArticleRequested":
      delta.jobs = 1;
      break;
    case "ArticleCompleted":
      delta.completions = 1;
      delta.scored = 1;
      delta.seoSum = event.data.scores.seo;
      delta.qualitySum = event.data.scores.quality;
      break;
    case "ArticleFailed":
      delta.failures = 1;
      break;
    case "FeedbackGiven":
      delta.ratings = before.rating === undefined ? 1 : 0;
      delta.ratingSum = event.data.rating - (before.rating ?? 0);
      break;
  }
  return delta;
}

export function addDeltas(a: AnalyticsDelta, b: AnalyticsDelta): AnalyticsDelta {
  const out = zeroDelta();
  for (const key of Object.keys(out) as (keyof AnalyticsDelta)[]) out[key] = a[key] + b[key];
  return out;
}

export function isZero(delta: AnalyticsDelta): boolean {
  return Object.values(delta).every((value) => value === 0);
}
