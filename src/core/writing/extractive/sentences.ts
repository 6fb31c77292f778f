import type { Source } from "../../research/types";
import { sentences } from "../../text/sentences";
import { topicTerms, words } from "../../text/tokens";

/** One quotable sentence of a source, with where it came from so FAQ answers can take what follows a question. */
export interface Sentence {
  sourceId: number;
  text: string;
  tokens: string[];
  words: number;
  /** Position in the source's reading order. */
  position: number;
}

const BOILERPLATE =
  /\b(cookies?|subscribe|newsletter|sign up|log in|click here|all rights reserved|javascript|advertisement|share this)\b/i;

/** Footnote markers and edit links the page carried would read as our own citations; they go. */
function cleanSentence(text: string): string {
  return text
    .replace(/\[(?:\d+|[a-z]|edit|citation needed)\]/gi, "")
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** A sentence worth quoting: a whole, ordinary sentence, not navigation, a fragment or a link dump. */
function isQuotable(text: string): boolean {
  const count = words(text).length;
  if (count < 6 || count > 70) return false;
  if (!/[.!?]["'”’)]?$/.test(text)) return false;
  if (/^[\p{Ll}]/u.test(text) || /https?:\/\/|www\.|@\w+\./.test(text) || BOILERPLATE.test(text)) return false;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters / text.length > 0.6;
}

export function sourceSentences(source: Source): Sentence[] {
  const out: Sentence[] = [];
  let position = 0;
  for (const paragraph of source.paragraphs) {
    for (const raw of sentences(paragraph)) {
      const text = cleanSentence(raw);
      position++;
      if (!isQuotable(text) && !text.endsWith("?")) continue;
      out.push({ sourceId: source.id, text, tokens: topicTerms(text), words: words(text).length, position });
    }
  }
  return out;
}
