import type { CallUsage } from "../article/model";
import type { StoredEvent } from "./events";
import { emptyJob, type JobState } from "./state";

/** Progress (research completed, a draft written, a regeneration) starts the re-drive counts and the wait again. */
const PROGRESS_MADE = { redrives: 0, redrivesInLine: 0, redrivenAt: undefined, waitingSince: undefined } as const;

/** Folds one event into the job's state; pure, so the pipeline, the read model and a rebuild agree. */
export function applyEvent(state: JobState, event: StoredEvent): JobState {
  const next: JobState = { ...state, version: event.version, updatedAt: event.time };
  switch (event.type) {
    case "ArticleRequested":
      return {
        ...next,
        exists: true,
        tenantId: event.meta.tenantId,
        traceId: event.meta.traceId,
        request: event.data.request,
        origin: event.data.origin,
        batchId: event.data.batchId,
        status: "queued",
        stage: "research",
        run: 1,
        createdAt: event.time,
        runStartedAt: event.time,
        stageEnteredAt: event.time,
      };
    case "ResearchStarted":
      return {
        ...next,
        status: "researching",
        stage: "research",
        researchStartedAt: event.time,
        stageEnteredAt: event.time,
      };
    case "ResearchCompleted":
      return {
        ...next,
        status: "writing",
        stage: "write",
        research: { run: event.data.run, report: event.data.report },
        researchCompletedAt: event.time,
        stageEnteredAt: event.time,
        ...PROGRESS_MADE,
      };
    case "DraftWritten": {
      const usage = addUsage(state.usage, event.data.usage);
      const draft = { attempt: event.data.attempt, article: event.data.article, usage: event.data.usage };
      return {
        ...next,
        drafts: state.drafts + 1,
        usage,
        attempts: [...state.attempts, draft],
        revision: undefined,
        stageEnteredAt: event.time,
        ...PROGRESS_MADE,
      };
    }
    case "AssessmentCompleted":
      return {
        ...next,
        attempts: state.attempts.map((draft) =>
          draft.attempt === event.data.attempt
            ? { ...draft, scores: event.data.scores, assessment: event.data.assessment }
            : draft,
        ),
      };
    case "RevisionRequested":
      return { ...next, revision: { attempt: event.data.attempt, instructions: event.data.instructions } };
    case "ArticleCompleted":
      return {
        ...next,
        status: "completed",
        stage: "done",
        bestAttempt: event.data.bestAttempt,
        scores: event.data.scores,
        passed: event.data.passed,
        usage: addUsage(state.usage, event.data.usage ?? []),
        finishedAt: event.time,
        stageEnteredAt: event.time,
      };
    case "ArticleFailed":
      return {
        ...next,
        status: "failed",
        stage: "done",
        error: { code: event.data.code, message: event.data.message, stage: event.data.stage },
        ...(event.data.sources ? { researchSources: event.data.sources } : {}),
        usage: addUsage(state.usage, event.data.usage ?? []),
        finishedAt: event.time,
        stageEnteredAt: event.time,
      };
    case "RegenerationRequested":
      return {
        ...next,
        status: event.data.from === "research" ? "queued" : "writing",
        stage: event.data.from,
        run: event.data.run,
        research: event.data.from === "research" ? undefined : state.research,
        researchSources: undefined,
        attempts: [],
        revision: undefined,
        bestAttempt: undefined,
        scores: null,
        passed: null,
        error: undefined,
        finishedAt: undefined,
        runStartedAt: event.time,
        stageEnteredAt: event.time,
        ...PROGRESS_MADE,
      };
    case "StageRedriven":
      return {
        ...next,
        ...(event.data.lostInLine ? { redrivesInLine: state.redrivesInLine + 1 } : { redrives: state.redrives + 1 }),
        redrivenAt: event.time,
        stageEnteredAt: event.time,
      };
    case "StageWaiting":
      // The sweeper's clock starts again when the wait ends; a wait is not progress, so re-drives still count, and
      // the waits since the last progress add up from the clock at the first one recorded.
      return {
        ...next,
        stageEnteredAt: waitEnds(event.time, event.data.waitSeconds),
        waitingSince: state.waitingSince ?? state.stageEnteredAt,
      };
    case "WebhookDelivered":
      return { ...next, webhooks: { ...state.webhooks, delivered: state.webhooks.delivered + 1 } };
    case "WebhookFailed":
      return { ...next, webhooks: { ...state.webhooks, failed: state.webhooks.failed + 1 } };
    case "FeedbackGiven":
      return { ...next, rating: event.data.rating };
    case "ArticleViewed":
      return { ...next, views: state.views + 1 };
  }
}

/** A wait counts for at most an hour: a longer one is the sweeper's to look at. */
const MAX_WAIT_SECONDS = 3600;

function waitEnds(time: string, waitSeconds: number): string {
  return new Date(Date.parse(time) + Math.min(waitSeconds, MAX_WAIT_SECONDS) * 1000).toISOString();
}

export function foldJob(id: string, events: readonly StoredEvent[], from: JobState = emptyJob(id)): JobState {
  return events.reduce(applyEvent, from);
}

function addUsage(total: JobState["usage"], calls: CallUsage[]): JobState["usage"] {
  return calls.reduce(
    (sum, call) => ({
      calls: sum.calls + 1,
      inputTokens: sum.inputTokens + call.inputTokens,
      outputTokens: sum.outputTokens + call.outputTokens,
      costUsd: sum.costUsd + call.costUsd,
    }),
    total,
  );
}
