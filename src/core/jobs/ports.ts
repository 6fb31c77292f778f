import type { Article } from "../article/model";
import type { ArticleOptions } from "../article/options";
import type { Cache } from "../ports/cache";
import type { SpendGate } from "../ports/spend";
import type { DraftParts, Writer } from "../ports/writer";
import type { CompetitorAnalysis, ResearchReport, Source } from "../research/types";
import type { RecordedAssessment, RequestedJob } from "./state";

/** What the research stage asks of research (the research core's `ResearchRequest`). */
export interface ResearchInput {
  keyword: string;
  urls?: string[];
  maxSources: number;
  excludeDomains?: string[];
  language?: string;
  /** The job's tenant: pages of its own `urls` are cached for it alone. */
  tenantId?: string;
}

/** What the pipeline reads of an assessment; the rest of the assessor's report is recorded as it comes. */
export interface AssessmentSummary {
  score: number;
  seo: { score: number };
  quality: { score: number };
  findings: { check: string; severity: "high" | "medium" | "low"; message: string; instruction: string }[];
}

export interface AttemptRecord {
  attempt: number;
  score: number;
  assessment: RecordedAssessment;
}

/** The revision policy's answer (the revision core's `Decision`). */
export type NextStep =
  | { action: "accept"; best: number; passed: true }
  | { action: "revise"; best: number; instructions: string[] }
  | { action: "stop"; best: number; passed: false; reason: "max_attempts" | "no_improvement" };

/**
 * Everything the stages need from the rest of the pipeline; composition wires the real research, writer,
 * assessment and revision policy, tests wire doubles.
 */
export interface PipelinePorts {
  research(input: ResearchInput): Promise<ResearchReport>;
  writer(): Writer;
  assess(
    article: Article,
    ctx: { sources: Source[]; options: ArticleOptions; competitors?: CompetitorAnalysis },
  ): AssessmentSummary;
  decide(policy: { threshold: number; maxAttempts: number }, attempts: AttemptRecord[]): NextStep;
  /** Where a draft's finished parts are kept while it is written (absent: a write tried again starts over). */
  draftParts?(jobId: string, run: number, attempt: number): DraftParts;
  /** Where finished articles are kept for the tenant's identical requests (absent: every job writes). */
  cache?: Cache;
  /** The budget the job's next draft is written under (absent: no caps and no spend ledger). */
  budget?(job: RequestedJob): Promise<SpendGate>;
}
