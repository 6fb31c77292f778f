import type { Article } from "../article/model";
import type { ArticleOptions } from "../article/options";
import { proseWordCount } from "../article/word-count";
import { speaksAsAModel } from "../text/model-voice";
import { articleSentences } from "./article-text";
import type { Finding, QualityCheck } from "./finding";
import { excerpt, qualityCheck, scoreFromFindings } from "./finding";

/** About one H2/H3 section per 350 requested words, and never fewer than three. */
export const expectedSections = (targetWords: number) => Math.max(3, Math.round(targetWords / 350));

/** The article against what was asked: FAQ, table of contents, conclusion, length and section count. */
export function structure(
  article: Article,
  options: ArticleOptions,
  wordCount = proseWordCount(article),
): QualityCheck {
  const findings: Finding[] = [];
  const add = (severity: Finding["severity"], message: string, instruction: string, location?: string) =>
    findings.push({ check: "structure", severity, message, instruction, ...(location ? { location } : {}) });

  if (options.includeFaq && article.faq.length === 0)
    add(
      "high",
      "An FAQ was requested but the article has none.",
      "Add an FAQ of 3–5 questions readers ask, each answered in 2–4 sentences.",
    );
  else if (options.includeFaq && article.faq.length < 3)
    add(
      "low",
      `The FAQ has only ${article.faq.length} question(s).`,
      "Add FAQ questions until there are at least three.",
      "faq",
    );
  else if (!options.includeFaq && article.faq.length)
    add("low", "The article has an FAQ that was not requested.", "Remove the FAQ section.", "faq");

  if (options.includeToc && !article.toc?.length)
    add(
      "medium",
      "A table of contents was requested but the article has none.",
      "Add a table of contents listing every section heading.",
    );

  if (options.includeConclusion && !article.conclusion)
    add(
      "high",
      "A conclusion was requested but the article has none.",
      "End with a conclusion that sums up the key points and a call to action.",
    );
  else if (!options.includeConclusion && article.conclusion)
    add("low", "The article has a conclusion that was not requested.", "Remove the conclusion.", "conclusion");

  const ratio = wordCount / options.targetWords;
  if (ratio < 0.8)
    add(
      ratio < 0.6 ? "high" : "medium",
      `The article has ${wordCount} words; ${options.targetWords} were requested.`,
      `Expand the article by about ${options.targetWords - wordCount} words with substance from the sources (not filler).`,
    );
  else if (ratio > 1.3)
    add(
      "medium",
      `The article has ${wordCount} words; ${options.targetWords} were requested.`,
      `Cut about ${wordCount - options.targetWords} words: drop repetition and the weakest points.`,
    );

  const expected = expectedSections(options.targetWords);
  if (article.sections.length < expected)
    add(
      "medium",
      `The article has ${article.sections.length} sections; about ${expected} suit ${options.targetWords} words.`,
      `Split or add sections so there are about ${expected}, each with a descriptive H2 heading.`,
    );

  // An article in a chat assistant's voice ("Certainly! Here is…", "As an AI…") was written to the person asking.
  const voiced = [
    { location: "title", text: article.title },
    { location: "metaDescription", text: article.metaDescription },
    ...article.sections.map((s, i) => ({ location: `section:${i}`, text: s.heading })),
    ...articleSentences(article),
  ].filter((s) => speaksAsAModel(s.text));
  for (const sentence of voiced.slice(0, 3))
    add(
      "high",
      `"${excerpt(sentence.text, 90)}" (${sentence.location}) speaks as a chat assistant, or to one, not to the reader.`,
      `Remove "${excerpt(sentence.text, 80)}" from ${sentence.location}: write only the article, for its readers.`,
      sentence.location,
    );
  return qualityCheck("structure", scoreFromFindings(findings), findings);
}
