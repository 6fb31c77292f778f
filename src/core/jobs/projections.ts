import type { StoredEvent } from "./events";
import { normaliseKeyword } from "./request";
import { bestDraft, type JobState } from "./state";

/** The jobs read table's row for a state: a function of the state alone, so live and rebuilt rows agree. */
export interface JobRow {
  id: string;
  tenantId: string;
  keyword: string;
  keywordNormalised: string;
  status: string;
  stage: string;
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
  article: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  stageEnteredAt: string;
}

export function jobRow(state: JobState): JobRow {
  const article = state.status === "completed" ? bestDraft(state)?.article : undefined;
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
    article: article ? JSON.stringify(article) : null,
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
    case "ArticleViewed":
      delta.views = 1;
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
