import type { Article } from "../article/model";
import type { Source } from "../research/types";
import type { Scores } from "./events";
import { bestDraft, type JobStage, type JobState, type JobStatus, type Usage } from "./state";

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
  sources?: Pick<Source, "url" | "status" | "reason" | "title" | "wordCount">[];
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

const between = (from?: string, to?: string) =>
  from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : undefined;

export function jobView(state: JobState): JobView {
  const article = state.status === "completed" ? bestDraft(state)?.article : undefined;
  return {
    id: state.id,
    keyword: state.request.keyword,
    status: state.status,
    stage: state.stage,
    attempts: state.attempts.length,
    run: state.run,
    scores: state.scores,
    passed: state.passed,
    ...(state.error ? { error: { code: state.error.code, message: state.error.message } } : {}),
    traceId: state.traceId,
    ...(state.batchId ? { batchId: state.batchId } : {}),
    ...(state.request.webhookUrl ? { webhookUrl: state.request.webhookUrl } : {}),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    timings: {
      researchMs: between(state.researchStartedAt, state.researchCompletedAt),
      totalMs: between(state.createdAt, state.finishedAt),
    },
    links: jobLinks(state.id),
    ...(article ? { article } : {}),
    ...(state.research
      ? {
          sources: state.research.report.sources.map((source) => ({
            url: source.url,
            status: source.status,
            ...(source.reason ? { reason: source.reason } : {}),
            title: source.title,
            wordCount: source.wordCount,
          })),
        }
      : {}),
    usage: state.usage,
  };
}
