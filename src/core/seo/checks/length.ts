import { type CheckResult, result, round1, type SeoContext } from "./result";

export const MIN_WORDS = 300;

/** Against the requested length when there is one, else against a 300-word floor for an indexable page. */
export function textLength({ wordCount, input }: SeoContext): CheckResult {
  const id = "textLength";
  const target = input.targetWords;
  if (target) {
    const ratio = wordCount / target;
    const value = { words: wordCount, target };
    if (ratio >= 0.9 && ratio <= 1.5)
      return result(id, "good", value, `The text has ${wordCount} words for a target of ${target}.`);
    if (ratio > 1.5)
      return result(
        id,
        "improve",
        value,
        `The text has ${wordCount} words, well over the ${target} asked for; tighten it.`,
        70,
      );
    return result(
      id,
      ratio >= 0.7 ? "improve" : "problem",
      value,
      `The text has ${wordCount} words; add about ${target - wordCount} to reach the ${target}-word target.`,
      ratio * 100 - 10,
    );
  }
  const value = { words: wordCount, target: MIN_WORDS };
  if (wordCount >= MIN_WORDS) return result(id, "good", value, `The text has ${wordCount} words.`);
  return result(
    id,
    wordCount >= 250 ? "improve" : "problem",
    value,
    `The text has ${wordCount} words; write at least ${MIN_WORDS}.`,
    (wordCount / MIN_WORDS) * 80,
  );
}

export const MAX_PARAGRAPH_WORDS = 150;

export function paragraphLength({ paragraphWords: lengths }: SeoContext): CheckResult {
  const id = "paragraphLength";
  const tooLong = lengths.filter((n) => n > MAX_PARAGRAPH_WORDS).length;
  // Folded rather than spread: a spread passes each paragraph as an argument, past the stack with 100,000 or so.
  const longest = lengths.reduce((most, n) => Math.max(most, n), 0);
  const value = { paragraphs: lengths.length, longest, tooLong };
  if (!tooLong) return result(id, "good", value, "No paragraph is longer than 150 words.");
  return result(
    id,
    tooLong === 1 ? "improve" : "problem",
    value,
    `${tooLong} paragraph${tooLong === 1 ? " is" : "s are"} over ${MAX_PARAGRAPH_WORDS} words (longest ${value.longest}); split them.`,
  );
}

export const LONG_SENTENCE_WORDS = 20;

/** The distribution matters more than the mean: a quarter of long sentences is fine, a third is tiring. */
export function sentenceLength({ sentenceWords }: SeoContext): CheckResult {
  const id = "sentenceLength";
  const lengths = sentenceWords.map((list) => list.length).sort((a, b) => a - b);
  const at = (q: number) => lengths[Math.min(lengths.length - 1, Math.floor(q * lengths.length))] ?? 0;
  const long = lengths.filter((n) => n > LONG_SENTENCE_WORDS).length;
  const longShare = lengths.length ? (long / lengths.length) * 100 : 0;
  const value = {
    sentences: lengths.length,
    mean: round1(lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length)),
    median: at(0.5),
    p90: at(0.9),
    longShare: round1(longShare),
  };
  if (longShare <= 25) return result(id, "good", value, `${value.longShare}% of sentences are over 20 words.`);
  return result(
    id,
    longShare <= 30 ? "improve" : "problem",
    value,
    `${value.longShare}% of sentences are over ${LONG_SENTENCE_WORDS} words; keep that at 25% or less by splitting long ones.`,
    100 - longShare * 1.5,
  );
}
