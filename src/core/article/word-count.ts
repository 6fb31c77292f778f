import { boundedMemo } from "../memo";
import { countWords } from "../text/markdown";

interface Prose {
  intro: string;
  sections: { body: string }[];
  faq: { answer: string }[];
  conclusion?: { body: string; callToAction: string };
}

/**
 * The article's length as every part of the system counts it: the words of its prose (introduction, section
 * bodies, FAQ answers, conclusion and call to action), without headings, citation markers or Markdown syntax.
 * The article's `wordCount`, the length check and the overall score's length factor all use this.
 */
export function proseWordCount(article: Prose): number {
  return [
    article.intro,
    ...article.sections.map((s) => s.body),
    ...article.faq.map((f) => f.answer),
    ...(article.conclusion ? [article.conclusion.body, article.conclusion.callToAction] : []),
  ].reduce((sum, part) => sum + partWords(part), 0);
}

/**
 * The words of one part, remembered: the writer counts a draft's parts, then the assessment counts the same
 * texts again (and a revision keeps most of them). A bounded table of recent parts, emptied when it fills.
 */
const partWords = boundedMemo(256, countWords);
