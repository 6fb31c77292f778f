import type { CallUsage } from "../article/model";
import type { StoredEvent } from "../jobs/events";
import { applyEvent } from "../jobs/reducer";
import type { JobState } from "../jobs/state";
import { cacheSamples, counter, observe, type Sample } from "./samples";

const seconds = (from: string | undefined, to: string) =>
  from ? Math.max(0, Date.parse(to) - Date.parse(from)) / 1000 : undefined;

/** The extractive writer records its draft as a call of its own (no tokens, no cost); it is no model's call. */
const EXTRACTIVE = "extractive";

function usageSamples(usage: readonly CallUsage[]): Sample[] {
  return usage
    .filter((call) => call.provider !== EXTRACTIVE)
    .flatMap((call) => [
      ...counter("optiblog_llm_calls_total", { provider: call.provider, model: call.model }),
      ...counter("optiblog_llm_tokens_total", { provider: call.provider, direction: "input" }, call.inputTokens),
      ...counter("optiblog_llm_tokens_total", { provider: call.provider, direction: "output" }, call.outputTokens),
      ...counter("optiblog_llm_cost_usd_total", { provider: call.provider }, call.costUsd),
    ]);
}

/**
 * One count per page a research run read, by outcome: `ok`, or the reason it was not used (a closed set, so the
 * label stays small), `invalid` for one that failed validation without a reason.
 */
function sourceSamples(sources: readonly { status: string; reason?: string }[]): Sample[] {
  const outcomes = new Map<string, number>();
  for (const source of sources) {
    const outcome = source.status === "ok" ? "ok" : (source.reason ?? source.status);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return [...outcomes].flatMap(([outcome, count]) => counter("optiblog_sources_total", { outcome }, count));
}

/** The deliver stage of one delivery: from the run's end to the delivery settled (delivered or given up). */
function deliverDuration(before: JobState, time: string): Sample[] {
  const took = seconds(before.finishedAt, time);
  return took === undefined ? [] : observe("optiblog_stage_duration_seconds", { stage: "deliver" }, took);
}

/**
 * The metrics an appended event stands for, given the job's state before it: a function of the log alone, so
 * the rollup written in the append's batch counts each event exactly once.
 */
export function jobMetrics(before: JobState, event: StoredEvent): Sample[] {
  switch (event.type) {
    case "ArticleRequested":
      return counter("optiblog_jobs_total", { status: "requested" });
    case "ResearchStarted": {
      const waited = seconds(before.stageEnteredAt, event.time);
      return waited === undefined ? [] : observe("optiblog_stage_duration_seconds", { stage: "queued" }, waited);
    }
    case "ResearchCompleted": {
      const took = seconds(before.researchStartedAt, event.time);
      return [
        ...(took === undefined ? [] : observe("optiblog_stage_duration_seconds", { stage: "research" }, took)),
        ...cacheSamples(event.data.report.cache),
        ...sourceSamples(event.data.report.sources),
      ];
    }
    case "DraftWritten": {
      const took = seconds(before.stageEnteredAt, event.time);
      return [
        ...(took === undefined ? [] : observe("optiblog_stage_duration_seconds", { stage: "write" }, took)),
        ...usageSamples(event.data.usage),
      ];
    }
    case "ArticleCompleted": {
      // A run's time: a regenerated run counts from its regeneration, not from the job's first request.
      const took = seconds(before.runStartedAt ?? before.createdAt, event.time);
      return [
        ...counter("optiblog_jobs_total", { status: "completed" }),
        ...(took === undefined ? [] : observe("optiblog_job_completion_seconds", {}, took)),
        // A run stopped early (budget, a failed revision) records the calls its last draft paid for here.
        ...usageSamples(event.data.usage ?? []),
      ];
    }
    case "ArticleFailed":
      return [
        ...counter("optiblog_jobs_total", { status: "failed" }),
        ...counter("optiblog_job_failures_total", { reason: event.data.code, stage: event.data.stage }),
        ...usageSamples(event.data.usage ?? []),
      ];
    case "WebhookDelivered":
      return [
        ...counter("optiblog_webhook_deliveries_total", { outcome: "delivered" }),
        ...deliverDuration(before, event.time),
      ];
    case "WebhookFailed":
      return [
        ...counter("optiblog_webhook_deliveries_total", { outcome: "failed" }),
        ...deliverDuration(before, event.time),
      ];
    default:
      return [];
  }
}

/** The metrics of a run of appended events, each read against the state the events before it left. */
export function appendedMetrics(before: JobState, appended: readonly StoredEvent[]): Sample[] {
  let state = before;
  const samples: Sample[] = [];
  for (const event of appended) {
    samples.push(...jobMetrics(state, event));
    state = applyEvent(state, event);
  }
  return samples;
}
