import type { StoredEvent } from "./events";

/** An event as callers see it (JSON and SSE): big payloads summarised, the rest as recorded. */
export interface PublicEvent {
  type: string;
  version: number;
  data: unknown;
  time: string;
}

function summary(event: StoredEvent): unknown {
  switch (event.type) {
    case "ArticleRequested": {
      const { urls, excludeDomains, ...request } = event.data.request;
      return {
        ...event.data,
        request: { ...request, urls: urls?.length ?? 0, excludeDomains: excludeDomains?.length ?? 0 },
      };
    }
    case "ResearchCompleted":
      return {
        run: event.data.run,
        sources: event.data.report.sources.map(({ id, url, status, reason, title, wordCount, relevance, cache }) => ({
          id,
          url,
          status,
          ...(reason ? { reason } : {}),
          title,
          wordCount,
          ...(relevance !== undefined ? { relevance } : {}),
          ...(cache ? { cache } : {}),
        })),
        timings: event.data.report.timings,
        ...(event.data.report.cache ? { cache: event.data.report.cache } : {}),
      };
    case "DraftWritten":
      return {
        run: event.data.run,
        attempt: event.data.attempt,
        title: event.data.article.title,
        wordCount: event.data.article.wordCount,
        writer: event.data.writer,
        usage: event.data.usage,
        ...(event.data.reusedFrom ? { reusedFrom: event.data.reusedFrom } : {}),
      };
    case "AssessmentCompleted":
      return {
        run: event.data.run,
        attempt: event.data.attempt,
        scores: event.data.scores,
        findings: event.data.assessment.findings.slice(0, 5),
      };
    default:
      return event.data;
  }
}

export function publicEvent(event: StoredEvent): PublicEvent {
  return { type: event.type, version: event.version, data: summary(event), time: event.time };
}

/** Whether the job has finished as of the last of these events (a regeneration starts it again). */
export function finishedAfter(events: readonly StoredEvent[], finished: boolean): boolean {
  return events.reduce((done, event) => {
    if (event.type === "ArticleCompleted" || event.type === "ArticleFailed") return true;
    if (event.type === "RegenerationRequested" || event.type === "ArticleRequested") return false;
    return done;
  }, finished);
}
