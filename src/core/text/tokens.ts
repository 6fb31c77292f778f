import { boundedMemo } from "../memo";
import { CJK, words } from "./scan";
import { isNoiseWord, stopwords } from "./stopwords";
import { Vocabulary } from "./vocabulary";

/** Words as the whole toolkit reads them (see `scan.ts`). */
export { words };

/** Lower-cased with typographic apostrophes unified, so "Don’t" and "don't" compare equal. */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes("’") ? lower.replace(/’/g, "'") : lower;
}

/** Lower-cased words that carry meaning: stopwords and one-letter Latin tokens dropped. */
export function contentWords(text: string): string[] {
  return meaningfulWords(words(text).map(normalizeWord));
}

/** `contentWords` of words already normalised (see `normalizeWord`), for callers that tokenised the text already. */
export function meaningfulWords(normalized: string[]): string[] {
  return normalized.filter((word) => !stopwords.has(word) && (word.length > 1 || CJK.test(word)));
}

/**
 * A light English plural and possessive stemmer: "cats" → "cat", "berries" → "berry", "boxes" → "box",
 * "cat's" → "cat". Deliberately conservative ("glass", "status", "analysis" stay whole) because a wrong merge
 * inflates keyphrase counts, while a missed merge only undercounts. A pure function of the word, and texts
 * repeat their words, so stems are kept in a bounded table (vocabulary, not text).
 */
export const stem: (word: string) => string = boundedMemo(20_000, (word) => stemOf(word));

function stemOf(word: string): string {
  let w = normalizeWord(word).replace(/'s$|'$/, "");
  if (w.length <= 3 || INVARIANT.has(w)) return w;
  if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous|ics)$/.test(w)) return w;
  if (/(?:sses|xes|ches|shes|zes)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Words that end in "s" in the singular too. */
const INVARIANT = new Set(["series", "species", "news", "means", "lens", "chaos", "canvas", "always", "perhaps"]);

/**
 * A stronger fold than `stem`, for grouping rather than counting: lower case, no plural, no "-ing"/"-ed", no final
 * "e" ("Storing" and "store" → "stor", "starters" → "starter"). Folded forms are keys, never shown to anyone.
 */
export function foldWord(word: string): string {
  let folded = normalizeWord(word).replace(/'s$|'$/, "");
  if (folded.length > 4 && folded.endsWith("ies")) folded = `${folded.slice(0, -3)}y`;
  else if (folded.length > 3 && folded.endsWith("s") && !/(ss|us|is)$/.test(folded)) folded = folded.slice(0, -1);
  if (folded.length >= 6 && folded.endsWith("ing")) folded = folded.slice(0, -3);
  else if (folded.length >= 6 && folded.endsWith("ed")) folded = folded.slice(0, -2);
  if (folded.length > 3 && folded.endsWith("e")) folded = folded.slice(0, -1);
  return folded;
}

/** Topical words of a text, folded: noise words (function words, generic verbs, page furniture) and bare numbers dropped. */
export function topicTerms(text: string): string[] {
  const vocabulary = termVocabulary();
  const out: string[] = [];
  for (const id of vocabulary.idsOf(text)) {
    const term = vocabulary.termOf(id);
    if (term !== null) out.push(term);
  }
  return out;
}

/** `topicTerms` of a text already split into words (see `words`). */
export function wordTopicTerms(tokens: string[]): string[] {
  const out: string[] = [];
  for (const word of tokens) {
    const term = topicTerm(word);
    if (term !== null) out.push(term);
  }
  return out;
}

/**
 * A vocabulary that also knows each word's topical term (see `topicTerm`), for texts read as word ids: a word
 * read off a text is found by id without being cut out of it.
 */
export class TermVocabulary extends Vocabulary {
  private readonly terms: (string | null)[] = [];
  private readonly spaced: (readonly string[] | null)[] = [];
  private readonly normals: string[] = [];

  /** The word's `normalizeWord` form, worked out once per word. */
  normalOf(id: number): string {
    let normal = this.normals[id];
    if (normal === undefined) {
      normal = normalizeWord(this.words[id] as string);
      this.normals[id] = normal;
    }
    return normal;
  }

  /** `words(text).map(normalizeWord)`, read as ids: a word seen before is neither cut out nor lower-cased again. */
  normalWords(text: string): string[] {
    const ids = this.idsOf(text);
    const out = new Array<string>(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this.normalOf(ids[i] as number);
    return out;
  }

  termOf(id: number): string | null {
    let term = this.terms[id];
    if (term === undefined) {
      term = topicTerm(this.words[id] as string);
      this.terms[id] = term;
    }
    return term;
  }

  /**
   * The topical terms of a word with its hyphens read as spaces ("raised-bed" → "raised", "bed"): what `topicTerms`
   * finds of it in a text whose hyphens were replaced by spaces. Null for a word with a CJK character in it: around
   * CJK the words of a text depend on what is next to them (see `words`), so such a text is read with its own.
   */
  spacedTermsOf(id: number): readonly string[] | null {
    let terms = this.spaced[id];
    if (terms === undefined) {
      const word = this.words[id] as string;
      const term = this.termOf(id);
      if (CJK.test(word)) terms = null;
      else if (word.includes("-")) terms = wordTopicTerms(words(word.replace(/-/g, " ")));
      else terms = term === null ? NO_TERMS : [term];
      this.spaced[id] = terms;
    }
    return terms;
  }
}

const NO_TERMS: readonly string[] = [];

/**
 * A word's topical term is a pure function of the word, and texts repeat their words, so the words seen are kept
 * with their terms: vocabulary, not text, which is emptied when it fills. The vocabulary is emptied only here, so
 * a caller's ids stay good until it asks for the vocabulary again.
 */
const TERM_CACHE_SIZE = 20_000;
let shared: TermVocabulary | undefined;
export function termVocabulary(): TermVocabulary {
  // Made on first use, not at start-up: a vocabulary draws its seed at random.
  if (!shared || shared.size >= TERM_CACHE_SIZE) shared = new TermVocabulary();
  return shared;
}

/**
 * A word's topical term, or null when it has none. Words given as strings (already cut, so hashed natively
 * faster than a vocabulary hashes them) are looked up in a table of their own, bounded the same way.
 */
const topicTerm = boundedMemo(TERM_CACHE_SIZE, (word): string | null => {
  const normal = normalizeWord(word);
  return (normal.length > 1 || CJK.test(normal)) && !isNoiseWord(normal) && !/^\d+$/.test(normal)
    ? foldWord(normal)
    : null;
});
