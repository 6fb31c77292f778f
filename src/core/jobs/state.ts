import type { Article, CallUsage } from "../article/model";
import type { SourceSummary } from "../research/source-schema";
import type { EventData, Scores } from "./events";
import type { ArticleRequest } from "./request";

export type JobStatus = "queued" | "researching" | "writing" | "completed" | "failed";
export type JobStage = "research" | "write" | "done";
export type RecordedAssessment = EventData<"AssessmentCompleted">["assessment"];
export type RecordedResearch = EventData<"ResearchCompleted">["report"];

/** One draft of the current run, with its assessment once it has one. */
export interface DraftRecord {
  attempt: number;
  article: Article;
  usage: CallUsage[];
  scores?: Scores;
  assessment?: RecordedAssessment;
}

export interface Usage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** What every fold has, requested or not. */
interface JobFields {
  id: string;
  version: number;
  tenantId: string;
  traceId: string;
  origin: "api" | "batch" | "hook";
  batchId?: string;
  status: JobStatus;
  stage: JobStage;
  /** 1, then +1 per regeneration; research messages carry it. */
  run: number;
  /** Drafts written across all runs; a write message carries the next one's number. */
  drafts: number;
  research?: { run: number; report: RecordedResearch };
  /** The sources a research that failed judged (too few about the keyword, none usable): why it wrote nothing. */
  researchSources?: SourceSummary[];
  attempts: DraftRecord[];
  revision?: { attempt: number; instructions: string[] };
  bestAttempt?: number;
  scores: Scores | null;
  passed: boolean | null;
  error?: { code: string; message: string; stage: string };
  usage: Usage;
  views: number;
  rating?: number;
  webhooks: { delivered: number; failed: number };
  /**
   * Re-drives since the job last made progress (research completed, a draft written, a regeneration): what
   * `redrivePlan` holds to its limit. A stage that starts again after a re-drive is not progress, so a message
   * that keeps killing its worker still ends the job.
   */
  redrives: number;
  /**
   * Re-drives since the last progress of a message lost from its queue's line (never with a consumer when lost):
   * not the job's doing, so held to a wider limit (`redrivePlan`).
   */
  redrivesInLine: number;
  /** The last re-drive since the last progress. */
  redrivenAt?: string;
  /**
   * Since when the job has been waiting for provider capacity, since its last progress: its clock when the first
   * wait was recorded (StageWaiting). What `waitedTooLong` holds to STAGE_MAX_WAIT_SECONDS.
   */
  waitingSince?: string;
  createdAt: string;
  /** When the current run was asked for: the job's request, or its latest regeneration. */
  runStartedAt?: string;
  updatedAt: string;
  /**
   * When the pipeline last made progress (entered a stage, started research, wrote a draft), or when a wait for
   * provider capacity it reported ends: the sweeper's clock.
   */
  stageEnteredAt: string;
  researchStartedAt?: string;
  researchCompletedAt?: string;
  finishedAt?: string;
}

/** A stream with no ArticleRequested yet: not a job. */
export type NoJob = JobFields & { exists: false; request?: undefined };

/** A requested job: everything the pipeline decides on and the read model shows. */
export type RequestedJob = JobFields & { exists: true; request: ArticleRequest };

/** A job as the fold of its events. */
export type JobState = NoJob | RequestedJob;

export function emptyJob(id: string): NoJob {
  return {
    id,
    exists: false,
    version: 0,
    tenantId: "",
    traceId: "",
    origin: "api",
    status: "queued",
    stage: "research",
    run: 0,
    drafts: 0,
    attempts: [],
    scores: null,
    passed: null,
    usage: { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    views: 0,
    webhooks: { delivered: 0, failed: 0 },
    redrives: 0,
    redrivesInLine: 0,
    createdAt: "",
    updatedAt: "",
    stageEnteredAt: "",
  };
}

export function isTerminal(state: Pick<JobState, "status">): boolean {
  return state.status === "completed" || state.status === "failed";
}

/** The draft that won the current run, once the run is completed. */
export function bestDraft(state: JobState): DraftRecord | undefined {
  return state.attempts.find((draft) => draft.attempt === state.bestAttempt);
}
