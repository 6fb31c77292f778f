import type { Article, CallUsage } from "../article/model";
import type { ArticleOptions } from "../article/options";
import type { CompetitorAnalysis, Source } from "../research/types";

export interface WriteRequest {
  keyword: string;
  options: ArticleOptions;
  /** Only status "ok" sources may be cited; `[n]` markers point at `Source.id`. */
  sources: Source[];
  competitors?: CompetitorAnalysis;
  /** A revision: the previous draft and the assessment's findings to act on. */
  revision?: { previous: Article; instructions: string[]; attempt: number };
}

export interface WriteResult {
  article: Article;
  usage: CallUsage[];
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
