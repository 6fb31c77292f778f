import type { CallUsage } from "../article/model";
import { PermanentError } from "../errors";
import { usageOf, type WriteResult } from "../ports/writer";
import { withRepairFindings } from "../quality/repairs";
import { enoughRelevantSources } from "../research/relevance";
import { type SourceSummary, summariseSource } from "../research/source-schema";
import type { ResearchReport } from "../research/types";
import { type NewEvent, RecordedAssessmentSchema, type Scores } from "./events";
import type { AttemptRecord, PipelinePorts } from "./ports";
import { recordResearch, researchSources } from "./research-record";
import { isTerminal, type JobState, type RequestedJob } from "./state";

/** What a stage decided: events to append and the next stage's message (the edge addresses it). */
export interface StagePlan {
  events: NewEvent[];
  next?: { stage: "research" | "write" | "deliver"; attempt: number; run?: number };
}

export type StageCheck = { run: true; job: RequestedJob } | { run: false; why: string };

/** A research message does work only for the job's current run while its research is missing. */
export function checkResearch(state: JobState, attempt: number): StageCheck {
  if (!state.exists) return { run: false, why: "unknown job" };
  if (isTerminal(state)) return { run: false, why: "job already finished" };
  if (attempt !== state.run) return { run: false, why: "message from an earlier run" };
  if (state.status !== "queued" && state.status !== "researching") return { run: false, why: "research done" };
  return { run: true, job: state };
}

/** A write message does work only for the next draft of the current run of a job that is writing. */
export function checkWrite(state: JobState, attempt: number, run?: number): StageCheck {
  if (!state.exists) return { run: false, why: "unknown job" };
  if (state.status !== "writing" || !state.research) return { run: false, why: `job is ${state.status}` };
  if (run !== undefined && run !== state.run) return { run: false, why: "message from an earlier run" };
  if (attempt !== state.drafts + 1) return { run: false, why: "draft already written" };
  return { run: true, job: state };
}

export function failJob(
  state: JobState,
  code: string,
  message: string,
  stage: "research" | "write",
  usage: CallUsage[] = [],
  sources: SourceSummary[] = [],
): StagePlan {
  return {
    events: [
      {
        type: "ArticleFailed",
        data: {
          code,
          message: message.slice(0, 2000),
          stage,
          ...(usage.length ? { usage } : {}),
          ...(sources.length ? { sources: sources.slice(0, 100) } : {}),
        },
      },
    ],
    next: { stage: "deliver", attempt: state.run },
  };
}

export function researchFinished(state: JobState, report: ResearchReport): StagePlan {
  if (report.sources.some((s) => s.reason === "off_topic") && !enoughRelevantSources(report.sources)) {
    const relevant = report.sources.filter((s) => s.status === "ok").length;
    const read = relevant + report.sources.filter((s) => s.reason === "off_topic").length;
    const message = `Only ${relevant} of ${read} pages read are about "${report.keyword}"`;
    return failJob(state, "no_relevant_sources", message, "research", [], report.sources.map(summariseSource));
  }
  if (!report.sources.some((source) => source.status === "ok")) {
    const reasons = [...new Set(report.sources.map((source) => source.reason ?? source.status))].join(", ");
    const message = `No source passed research (${reasons || "none found"})`;
    return failJob(state, "no_usable_sources", message, "research", [], report.sources.map(summariseSource));
  }
  return {
    events: [{ type: "ResearchCompleted", data: { run: state.run, report: recordResearch(report) } }],
    next: { stage: "write", attempt: state.drafts + 1, run: state.run },
  };
}

/** Writes the next draft, assesses it and asks the revision policy what follows; the best draft wins. */
export async function writeNextDraft(state: RequestedJob, ports: PipelinePorts): Promise<StagePlan> {
  if (!state.research) throw new Error("writeNextDraft needs research");
  const { request } = state;
  const report = state.research.report;
  const sources = researchSources(report);
  const competitors = report.competitors;
  const attempt = state.attempts.length + 1;
  const previous = bestSoFar(state.attempts.map(toRecord).filter((r) => r !== undefined));
  const previousArticle = state.attempts.find((draft) => draft.attempt === previous?.attempt)?.article;
  const writer = ports.writer();
  const parts = ports.draftParts?.(state.id, state.run, attempt);
  const budget = await ports.budget?.(state);
  let written: WriteResult;
  try {
    written = await writer.write({
      keyword: request.keyword,
      options: request.options,
      sources,
      competitors,
      ...(parts ? { parts } : {}),
      ...(budget ? { budget } : {}),
      ...(state.revision && previousArticle
        ? { revision: { previous: previousArticle, instructions: state.revision.instructions, attempt } }
        : {}),
    });
  } catch (error) {
    if (error instanceof PermanentError && error.code === "budget_exceeded") return budgetExceeded(state, error);
    // A revision that cannot be written at all leaves the drafts already assessed: the best of them stands.
    if (error instanceof PermanentError && previous) return stopWithBest(state, previous, error, "revision_failed");
    throw error;
  }
  const { article, usage } = written;
  const assessment = RecordedAssessmentSchema.parse(
    withRepairFindings(
      ports.assess(article, { sources, options: request.options, competitors }),
      written.repairs ?? [],
    ),
  );
  const scores = scoresOf(assessment);
  const events: NewEvent[] = [
    {
      type: "DraftWritten",
      data: { run: state.run, attempt, article, usage, writer: { kind: writer.kind, name: writer.name } },
    },
    { type: "AssessmentCompleted", data: { run: state.run, attempt, scores, assessment } },
  ];
  const attempts = [
    ...state.attempts.map(toRecord).filter((r) => r !== undefined),
    { attempt, score: assessment.score, assessment },
  ];
  const decision = ports.decide({ threshold: request.seoThreshold, maxAttempts: request.maxAttempts }, attempts);
  if (decision.action === "revise") {
    events.push({
      type: "RevisionRequested",
      data: { run: state.run, attempt: attempt + 1, instructions: decision.instructions },
    });
    return { events, next: { stage: "write", attempt: state.drafts + 2, run: state.run } };
  }
  const best = attempts.find((record) => record.attempt === decision.best) ?? attempts[attempts.length - 1];
  events.push({
    type: "ArticleCompleted",
    data: {
      run: state.run,
      bestAttempt: best?.attempt ?? attempt,
      passed: decision.passed,
      reason: decision.action === "accept" ? "passed" : decision.reason,
      scores: best ? scoresOf(best.assessment) : scores,
    },
  });
  return { events, next: { stage: "deliver", attempt: state.run } };
}

/**
 * The budget stopped the next draft: the job completes with its best assessed draft of this run, or fails
 * `budget_exceeded` when it has none. Either way the cut-off draft's calls are recorded.
 */
function budgetExceeded(state: RequestedJob, error: PermanentError): StagePlan {
  const best = bestSoFar(state.attempts.map(toRecord).filter((r) => r !== undefined));
  if (!best) return failJob(state, "budget_exceeded", error.message, "write", usageOf(error));
  return stopWithBest(state, best, error, "budget_exceeded");
}

/**
 * The next draft could not be written (the budget, or a revision the writer cannot make): the job completes with
 * its best assessed draft of this run, `best`, and the stopped draft's calls are recorded.
 */
function stopWithBest(
  state: RequestedJob,
  best: AttemptRecord,
  error: PermanentError,
  reason: "budget_exceeded" | "revision_failed",
): StagePlan {
  const usage = usageOf(error);
  return {
    events: [
      {
        type: "ArticleCompleted",
        data: {
          run: state.run,
          bestAttempt: best.attempt,
          passed: false,
          reason,
          scores: scoresOf(best.assessment),
          ...(usage.length ? { usage } : {}),
        },
      },
    ],
    next: { stage: "deliver", attempt: state.run },
  };
}

function toRecord(draft: JobState["attempts"][number]): AttemptRecord | undefined {
  return draft.assessment
    ? { attempt: draft.attempt, score: draft.assessment.score, assessment: draft.assessment }
    : undefined;
}

function bestSoFar(records: AttemptRecord[]): AttemptRecord | undefined {
  return records.reduce<AttemptRecord | undefined>((best, r) => (!best || r.score > best.score ? r : best), undefined);
}

function scoresOf(assessment: AttemptRecord["assessment"]): Scores {
  return { seo: assessment.seo.score, quality: assessment.quality.score, overall: assessment.score };
}
