import { flesch } from "flesch";
import { syllable } from "syllable";
import { boundedMemo } from "../memo";
import { sentences as splitSentences } from "../text/sentences";
import { words } from "../text/tokens";

export interface FleschResult {
  score: number;
  sentences: number;
  words: number;
  syllables: number;
}

/**
 * Flesch reading ease (Flesch 1948: 206.835 − 1.015·words/sentence − 84.6·syllables/word) over the words that
 * contain letters; numbers and symbols are neither easy nor hard to read. Null when there is nothing to read.
 */
const LETTER = /\p{L}/u;

export function fleschReadingEaseOf(
  sentenceList: string[],
  sentenceWords: string[][] = sentenceList.map((sentence) => words(sentence)),
): FleschResult | null {
  let wordCount = 0;
  let syllables = 0;
  let sentenceCount = 0;
  for (const list of sentenceWords) {
    const lettered = list.filter((w) => LETTER.test(w));
    if (!lettered.length) continue;
    sentenceCount++;
    wordCount += lettered.length;
    for (const word of lettered) {
      syllables += syllablesOf(word.toLowerCase());
    }
  }
  if (!wordCount) return null;
  const score = flesch({ sentence: sentenceCount, word: wordCount, syllable: syllables });
  return { score: Math.round(score * 10) / 10, sentences: sentenceCount, words: wordCount, syllables };
}

/**
 * Counting syllables is the slow part and texts repeat their words, so each distinct word is counted once and
 * kept in a bounded table (vocabulary, not text; emptied when it fills).
 */
const syllablesOf = boundedMemo(20_000, (word) => Math.max(1, syllable(word)));

export function fleschOfText(text: string): FleschResult | null {
  return fleschReadingEaseOf(splitSentences(text));
}
