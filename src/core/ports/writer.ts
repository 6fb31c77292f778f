import type { Article, CallUsage } from "../article/model";
import type { ArticleOptions } from "../article/options";
import type { CompetitorAnalysis, Source } from "../research/types";
import type { SpendGate } from "./spend";

export interface WriteRequest {
  keyword: string;
  options: ArticleOptions;
  /** Only status "ok" sources may be cited; `[n]` markers point at `Source.id`. */
  sources: Source[];
  competitors?: CompetitorAnalysis;
  /** A revision: the previous draft and the assessment's findings to act on. */
  revision?: { previous: Article; instructions: string[]; attempt: number };
  /** Where finished parts of this draft are kept, so a write tried again resumes instead of starting over. */
  parts?: DraftParts;
  /** The job's budget: every model call is admitted by it before it goes out. */
  budget?: SpendGate;
}

/** A finished part of a draft (outline, a section, the frame, a revision) and the calls it took. */
export interface DraftPart {
  value: unknown;
  usage: CallUsage[];
}

/** The finished parts of one draft (one job, run and attempt), kept as each finishes. */
export interface DraftParts {
  load(): Promise<Record<string, DraftPart>>;
  save(part: string, finished: DraftPart): Promise<void>;
  /** The draft is written or its run has ended: its parts are not needed any more. */
  clear(): Promise<void>;
}

export interface WriteResult {
  article: Article;
  usage: CallUsage[];
  /** What was repaired in the model's answers without asking again (e.g. citations of unretrieved sources). */
  repairs?: string[];
}

const USAGE = Symbol("usage");

/** The usage of the calls a failed write made, carried on its error so the cost is still recorded. */
export function withUsage(error: unknown, usage: CallUsage[]): unknown {
  if (error instanceof Error && usage.length) Object.defineProperty(error, USAGE, { value: [...usage] });
  return error;
}

export function usageOf(error: unknown): CallUsage[] {
  return (error instanceof Error && (error as Error & { [USAGE]?: CallUsage[] })[USAGE]) || [];
}

/**
 * Turns research into an article. LLM failures surface as TransientError (rate limit, 5xx, timeout) or
 * PermanentError (bad key, or a model answer that stays invalid after one repair: code "invalid_model_output").
 */
export interface Writer {
  readonly kind: "llm" | "extractive";
  readonly name: string;
  write(req: WriteRequest): Promise<WriteResult>;
}
