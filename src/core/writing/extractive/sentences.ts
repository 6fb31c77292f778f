import type { Source } from "../../research/types";
import { tokenize } from "../relevance";

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

export function splitSentences(text: string, language = "en"): string[] {
  const segmenter = new Intl.Segmenter(language, { granularity: "sentence" });
  return [...segmenter.segment(text)].map((s) => s.segment.replace(/\s+/g, " ").trim()).filter(Boolean);
}

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
  const words = text.split(/\s+/).length;
  if (words < 6 || words > 70) return false;
  if (!/[.!?]["'”’)]?$/.test(text)) return false;
  if (/^[\p{Ll}]/u.test(text) || /https?:\/\/|www\.|@\w+\./.test(text) || BOILERPLATE.test(text)) return false;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters / text.length > 0.6;
}

export function sourceSentences(source: Source, language?: string): Sentence[] {
  const out: Sentence[] = [];
  let position = 0;
  for (const paragraph of source.paragraphs) {
    for (const raw of splitSentences(paragraph, language)) {
      const text = cleanSentence(raw);
      position++;
      if (!isQuotable(text) && !text.endsWith("?")) continue;
      out.push({ sourceId: source.id, text, tokens: tokenize(text), words: text.split(/\s+/).length, position });
    }
  }
  return out;
}
