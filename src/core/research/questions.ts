import { paragraphSentences } from "../text/sentences";
import { words } from "../text/tokens";
import type { Heading } from "./types";

export interface QuestionSourcePage {
  id: number;
  headings: Heading[];
  paragraphs: string[];
}

/**
 * A question word opening a heading, followed by a space ("Do's and Don'ts" opens with no question), or one of the
 * contracted with "is" ("What's the best soil").
 */
const QUESTION_START =
  /^(?:(?:what|how|who|where|when|why)['’]s|what|how|why|when|where|which|who|whom|whose|can|could|does|do|did|is|are|was|were|should|will|would|has|have)\s/i;
/** Headings of site furniture that open with a question word but ask nothing (without a question mark). */
const LABEL = /^(?:how it works|who we are|what we do|what we offer|why choose us|what'?s new|what is new)\b/i;

export type Question = { text: string; count: number; sources: number[] };

/**
 * Questions people ask, as competitors phrase them: question-form headings ("How long does it take?", "Why use
 * rye") and question sentences in the body. Ranked by how many pages ask them, then how often.
 */
export function questionsAsked(pages: QuestionSourcePage[], limit = 20): Question[] {
  const found = new Map<string, { text: string; count: number; sources: Set<number>; heading: boolean }>();
  const add = (raw: string, page: number, heading: boolean) => {
    const text = raw.trim().replace(/\s+/g, " ");
    const key = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, "")
      .replace(/\s+/g, " ")
      .trim();
    if (!key) return;
    const entry = found.get(key) ?? {
      text: text.endsWith("?") ? text : `${text}?`,
      count: 0,
      sources: new Set(),
      heading,
    };
    entry.count++;
    entry.sources.add(page);
    entry.heading ||= heading;
    found.set(key, entry);
  };
  for (const page of pages) {
    for (const heading of page.headings) if (isQuestionHeading(heading.text)) add(heading.text, page.id, true);
    for (const paragraph of paragraphSentences(page.paragraphs)) {
      for (const sentence of paragraph) if (isQuestionSentence(sentence)) add(sentence, page.id, false);
    }
  }
  return [...found.values()]
    .sort((a, b) => b.sources.size - a.sources.size || b.count - a.count || Number(b.heading) - Number(a.heading))
    .slice(0, limit)
    .map((entry) => ({ text: entry.text, count: entry.count, sources: [...entry.sources].sort((a, b) => a - b) }));
}

export function isQuestionHeading(text: string): boolean {
  const trimmed = text.trim();
  const length = words(trimmed).length;
  if (length < 2 || length > 20) return false;
  return trimmed.endsWith("?") || (QUESTION_START.test(trimmed) && !LABEL.test(trimmed.replace(/’/g, "'")));
}

function isQuestionSentence(sentence: string): boolean {
  if (!sentence.endsWith("?")) return false;
  const length = words(sentence).length;
  return length >= 3 && length <= 30;
}
