import type { WebhookEventType } from "./events";

/** The part of a job a receiver is told about (the job's public read model, trimmed). */
export interface JobSummary {
  id: string;
  status: string;
  keyword: string;
  scores: { seo: number; quality: number; overall: number } | null;
  passed?: boolean | null;
  links: Record<string, string>;
  error?: { code: string; message: string } | null;
}

export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: JobSummary;
}

/** Standard Webhooks payload shape: `{type, timestamp, data}`; `timestamp` is when the job finished. */
export function buildPayload(type: WebhookEventType, job: JobSummary, finishedAt: string): WebhookPayload {
  const data: JobSummary = {
    id: job.id,
    status: job.status,
    keyword: job.keyword,
    scores: job.scores,
    links: job.links,
    ...(job.passed !== undefined && job.passed !== null ? { passed: job.passed } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
  return { type, timestamp: finishedAt, data };
}
