import type { Article } from "../article/model";
import type { ArticleOptions } from "../article/options";
import type { CompetitorAnalysis, Source } from "../research/types";
import { citationValidity } from "./citations";
import { articleStems, competitorCoverage, focusKeywordCoverage } from "./coverage";
import type { QualityCheck } from "./finding";
import { grounding, judgeArticle, supportedClaims } from "./grounding";
import { originality } from "./originality";
import { repetition } from "./repetition";
import { indexOkSources } from "./source-index";
import { structure } from "./structure";
import { topicality } from "./topicality";

export type { Finding, QualityCheck } from "./finding";

export interface QualityReport {
  score: number;
  checks: QualityCheck[];
  /** The article is not about its keyword: it must not pass, whatever it scores. */
  offTopic: boolean;
}

/**
 * Relative weights of the quality checks; the score is the weighted mean over the checks that apply
 * (competitor coverage needs a competitor analysis, structure needs the requested options).
 *
 * | check | weight |
 * |---|---:|
 * | grounding | 30 |
 * | topicality | 20 |
 * | originality | 20 |
 * | citationValidity | 15 |
 * | repetition | 10 |
 * | focusKeywordCoverage | 10 |
 * | structure | 10 |
 * | competitorCoverage | 5 |
 */
export const QUALITY_WEIGHTS: Record<string, number> = {
  grounding: 30,
  topicality: 20,
  originality: 20,
  citationValidity: 15,
  repetition: 10,
  focusKeywordCoverage: 10,
  structure: 10,
  competitorCoverage: 5,
};

export function assessQuality(
  article: Article,
  sources: Source[],
  ctx: { options?: ArticleOptions; competitors?: CompetitorAnalysis; wordCount?: number } = {},
): QualityReport {
  const indexed = indexOkSources(sources);
  // Claims, their verdicts and the article's stems are worked out once and read by every check that needs them.
  const judged = judgeArticle(article, indexed);
  const claims = judged.map((entry) => entry.claim);
  const topical = topicality(article, supportedClaims(article, indexed, judged), claims);
  const stems = articleStems(article);
  const checks = [
    grounding(article, indexed, judged),
    topical.check,
    citationValidity(article, sources),
    originality(article, sources),
    repetition(article),
    focusKeywordCoverage(article, ctx.options?.focusKeywords, stems),
    ctx.competitors ? competitorCoverage(article, ctx.competitors, stems) : null,
    ctx.options ? structure(article, ctx.options, ctx.wordCount) : null,
  ].filter((c): c is QualityCheck => c !== null);
  const weight = (c: QualityCheck) => QUALITY_WEIGHTS[c.id] ?? 0;
  const total = checks.reduce((sum, c) => sum + weight(c), 0);
  const score = Math.round(checks.reduce((sum, c) => sum + c.score * weight(c), 0) / Math.max(1, total));
  return { score, checks, offTopic: topical.offTopic };
}
