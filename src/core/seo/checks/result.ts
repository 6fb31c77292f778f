import type { SeoDocument } from "../document";
import type { SeoCheck, SeoInput } from "../types";

export type Status = SeoCheck["status"];
export type CheckResult = Omit<SeoCheck, "weight">;

/** What every check reads: the parsed page, the request, and the body text cut once into sentences and words. */
export interface SeoContext {
  input: SeoInput;
  doc: SeoDocument;
  forms: string[][];
  bodyText: string;
  sentences: string[];
  /** The words of each sentence (see `words`), split once for every check that counts or reads them. */
  sentenceWords: string[][];
  /** The same words normalised (see `normalizeWord`), for the checks that compare them with word lists. */
  sentenceTokens: string[][];
  /** How many words (see `words`) each of the document's paragraphs holds. */
  paragraphWords: number[];
  wordCount: number;
  /** English word lists (transitions, passive voice, syllables) apply. */
  english: boolean;
}

const DEFAULT_SCORE: Record<Status, number> = { good: 100, improve: 60, problem: 20 };

export function result(id: string, status: Status, value: unknown, message: string, score?: number): CheckResult {
  const bounded = Math.round(Math.max(0, Math.min(100, score ?? DEFAULT_SCORE[status])));
  return { id, score: bounded, status, value, message };
}

export const round1 = (value: number) => Math.round(value * 10) / 10;
