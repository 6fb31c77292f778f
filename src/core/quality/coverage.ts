import type { Article } from "../article/model";
import type { CompetitorAnalysis } from "../research/types";
import { isFaqLabel } from "../text/intent";
import { contentWords, stem } from "../text/tokens";
import { articleWordText } from "./article-text";
import type { Finding, QualityCheck } from "./finding";
import { qualityCheck } from "./finding";

const stemsOf = (text: string) => contentWords(text).map(stem);

/** The stems of the article's title, headings, FAQ questions and prose: what coverage looks keywords and subtopics up in. */
export function articleStems(article: Article): Set<string> {
  const headings = [...article.sections.map((s) => s.heading), ...article.faq.map((f) => f.question)].join(" ");
  return new Set(stemsOf(`${article.title} ${headings} ${articleWordText(article)}`));
}

/** The focus keyphrase and every requested focus keyword appear in the article (plural forms count). */
export function focusKeywordCoverage(
  article: Article,
  focusKeywords: string[] = [],
  present = articleStems(article),
): QualityCheck {
  const keywords = [...new Set([article.focusKeyphrase, ...focusKeywords].map((k) => k.trim()).filter(Boolean))];
  const findings: Finding[] = [];
  for (const keyword of keywords) {
    const stems = stemsOf(keyword);
    if (!stems.length || stems.every((s) => present.has(s))) continue;
    const main = keyword === article.focusKeyphrase;
    findings.push({
      check: "focusKeywordCoverage",
      severity: main ? "high" : "medium",
      message: `The ${main ? "focus keyphrase" : "focus keyword"} "${keyword}" does not appear in the article.`,
      instruction: `Use "${keyword}" naturally in the text, ideally in a heading and in the section it fits best.`,
    });
  }
  return qualityCheck(
    "focusKeywordCoverage",
    keywords.length ? (1 - findings.length / keywords.length) * 100 : 100,
    findings,
  );
}

/**
 * Subtopics that several competing pages cover should be covered here too: a subtopic counts as covered when
 * half of its terms (or its label's words) appear in the article; the competitors' FAQ block ("Frequently asked
 * questions") is covered by the article's FAQ.
 */
export function competitorCoverage(
  article: Article,
  competitors: CompetitorAnalysis,
  present = articleStems(article),
): QualityCheck | null {
  const relevant = competitors.subtopics.filter((t) => t.pages >= Math.min(2, competitors.pages));
  if (!relevant.length) return null;
  const missing = relevant.filter((topic) => {
    if (isFaqLabel(topic.label) && article.faq.length > 0) return false;
    const label = stemsOf(topic.label);
    const terms = [...new Set(topic.terms.flatMap(stemsOf))];
    const termShare = terms.length ? terms.filter((s) => present.has(s)).length / terms.length : 0;
    return !(termShare >= 0.5 || (label.length > 0 && label.every((s) => present.has(s))));
  });
  const findings: Finding[] = missing
    .sort((a, b) => b.pages - a.pages)
    .slice(0, 5)
    .map((topic) => ({
      check: "competitorCoverage",
      severity: topic.pages * 2 >= competitors.pages ? "medium" : "low",
      message: `The subtopic "${topic.label}" (covered by ${topic.pages} of ${competitors.pages} competing pages) is missing.`,
      instruction: `Add a section on "${topic.label}"${topic.terms.length ? ` covering ${topic.terms.slice(0, 5).join(", ")}` : ""}, cited to the sources.`,
    }));
  return qualityCheck("competitorCoverage", (1 - missing.length / relevant.length) * 100, findings);
}
