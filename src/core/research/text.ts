import { STOPWORDS } from "./stopwords";

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Words as written, apostrophes and inner hyphens kept ("don't", "long-term"). */
export function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((word) => word.replace(/’/g, "'").replace(/[-']+$/, ""));
}

/** Sentences by terminal punctuation; good enough for prose, and never loses text. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“'(])|\n+/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/**
 * A word folded for comparison by a deliberately crude suffix strip, applied alike to every side: lower case, no
 * plural, no "-ing"/"-ed", no final "e" ("Storing" and "store" → "stor", "starters" → "starter"). Folded forms are
 * keys, never shown to anyone.
 */
export function foldWord(word: string): string {
  let folded = word.toLowerCase();
  if (folded.length > 4 && folded.endsWith("ies")) folded = `${folded.slice(0, -3)}y`;
  else if (folded.length > 3 && folded.endsWith("s") && !/(ss|us|is)$/.test(folded)) folded = folded.slice(0, -1);
  if (folded.length >= 6 && folded.endsWith("ing")) folded = folded.slice(0, -3);
  else if (folded.length >= 6 && folded.endsWith("ed")) folded = folded.slice(0, -2);
  if (folded.length > 3 && folded.endsWith("e")) folded = folded.slice(0, -1);
  return folded;
}

/** Content words of a text, folded, numbers-only tokens and stopwords dropped. */
export function contentTokens(text: string): string[] {
  return words(text)
    .filter((word) => word.length > 1 && !isStopword(word) && !/^\d+$/.test(word))
    .map(foldWord);
}

/** Jaccard similarity of two token sets: shared tokens over all tokens. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / (a.size + b.size - shared);
}
