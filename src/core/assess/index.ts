import type { Article } from "../article/model";
import type { ArticleOptions } from "../article/options";
import { proseWordCount } from "../article/word-count";
import { assessQuality, type Finding, QUALITY_WEIGHTS, type QualityReport } from "../quality/index";
import type { CompetitorAnalysis, Source } from "../research/types";
import { analyzeSeo, type SeoCheck, type SeoReport } from "../seo/index";
import { articleAsMarkdown } from "./article-markdown";

export interface Assessment {
  score: number;
  /** Not about its keyword: the score is capped at OFF_TOPIC_CAP and the revision policy never accepts it. */
  offTopic: boolean;
  seo: SeoReport;
  quality: QualityReport;
  /** Sorted by priority: severity first, then how many points the check loses. */
  findings: Finding[];
}

/**
 * Overall score = (SEO_SHARE × SEO score + (1 − SEO_SHARE) × quality score) × length factor, where the length
 * factor is 1 from SHORT_OF_TARGET × targetWords up and words ÷ (SHORT_OF_TARGET × targetWords) below it.
 * Length is a requirement rather than one preference among many: without the factor a well-formed article a
 * third of the asked length would still score in the 90s and pass.
 */
export const SEO_SHARE = 0.5;
export const SHORT_OF_TARGET = 0.8;
/** An off-topic article scores at most this, far below any useful threshold. */
export const OFF_TOPIC_CAP = 20;

/** Checks whose fix is outside the article (the site's own pages): they count in the score but are not instructions. */
const NOT_ACTIONABLE = new Set(["internalLinks"]);

export function assessArticle(
  article: Article,
  ctx: { sources: Source[]; options: ArticleOptions; competitors?: CompetitorAnalysis },
): Assessment {
  const seo = analyzeSeo({
    content: articleAsMarkdown(article),
    format: "markdown",
    keyphrase: article.focusKeyphrase,
    title: article.title,
    metaDescription: article.metaDescription,
    slug: article.slug,
    targetWords: ctx.options.targetWords,
    language: article.language || ctx.options.language,
  });
  const words = proseWordCount(article);
  const quality = assessQuality(article, ctx.sources, {
    options: ctx.options,
    competitors: ctx.competitors,
    wordCount: words,
  });
  const lengthFactor = Math.min(1, words / (SHORT_OF_TARGET * ctx.options.targetWords));
  const weighted = Math.round((SEO_SHARE * seo.score + (1 - SEO_SHARE) * quality.score) * lengthFactor);
  const score = quality.offTopic ? Math.min(OFF_TOPIC_CAP, weighted) : weighted;
  return { score, offTopic: quality.offTopic, seo, quality, findings: prioritise(seo, quality) };
}

const SEVERITY: Record<Finding["severity"], number> = { high: 0, medium: 1, low: 2 };

function seoFinding(check: SeoCheck): Finding {
  const heavy = check.weight >= 5;
  const severity: Finding["severity"] =
    check.status === "problem" ? (heavy ? "high" : "medium") : heavy ? "medium" : "low";
  return { check: check.id, severity, message: check.message, instruction: check.message };
}

function prioritise(seo: SeoReport, quality: QualityReport): Finding[] {
  const ranked: { finding: Finding; loss: number }[] = [];
  for (const check of seo.checks)
    if (check.status !== "good" && !NOT_ACTIONABLE.has(check.id))
      ranked.push({ finding: seoFinding(check), loss: check.weight * (100 - check.score) });
  for (const check of quality.checks) {
    const loss = (QUALITY_WEIGHTS[check.id] ?? 0) * (100 - check.score);
    for (const finding of check.findings) ranked.push({ finding, loss });
  }
  return ranked
    .sort((a, b) => SEVERITY[a.finding.severity] - SEVERITY[b.finding.severity] || b.loss - a.loss)
    .map((r) => r.finding);
}
