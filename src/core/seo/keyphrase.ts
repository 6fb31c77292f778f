import { sentences } from "../text/sentences";
import { contentWords, meaningfulWords, normalizeWord, stem, words } from "../text/tokens";

/** Stems of a text's content words, the unit every keyphrase comparison works on. */
export function contentStems(text: string): string[] {
  return contentWords(text).map(stem);
}

/**
 * The keyphrase and its synonyms as stem lists. A keyphrase of function words only ("the who") keeps all of
 * its words, otherwise it would match everything.
 */
export function keyphraseForms(keyphrase: string, synonyms: string[] = []): string[][] {
  return [keyphrase, ...synonyms]
    .map((phrase) => {
      const content = contentStems(phrase);
      return content.length ? content : words(phrase).map(stem);
    })
    .filter((form) => form.length > 0);
}

/** Every content word of the form occurs in the text (any order, plural or singular). */
export function containsForm(textStems: string[], form: string[]): boolean {
  const present = new Set(textStems);
  return form.every((s) => present.has(s));
}

export function containsAnyForm(text: string, forms: string[][]): boolean {
  const stems = contentStems(text);
  return forms.some((form) => containsForm(stems, form));
}

/** Index of the form as a contiguous run of content stems, or -1. */
export function formPosition(textStems: string[], form: string[]): number {
  outer: for (let i = 0; i + form.length <= textStems.length; i++) {
    for (let j = 0; j < form.length; j++) if (textStems[i + j] !== form[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Occurrences in a text: per sentence, a form counts as often as its rarest word appears there (so "cat food"
 * in "Cats need food" counts once); the keyphrase and each synonym add up.
 */
export function countOccurrences(text: string, forms: string[][]): number {
  return countOccurrencesIn(
    sentences(text).map((sentence) => words(sentence).map(normalizeWord)),
    forms,
  );
}

/** `countOccurrences` over sentences already split into words and normalised (see `normalizeWord`). */
export function countOccurrencesIn(sentenceTokens: string[][], forms: string[][]): number {
  let total = 0;
  for (const list of sentenceTokens) {
    const counts = new Map<string, number>();
    for (const s of meaningfulWords(list).map(stem)) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const form of forms) total += Math.min(...form.map((s) => counts.get(s) ?? 0));
  }
  return total;
}
