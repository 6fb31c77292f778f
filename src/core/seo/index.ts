import { sentences } from "../text/sentences";
import { stopwords } from "../text/stopwords";
import { normalizeWord, words } from "../text/tokens";
import { headingHierarchy, singleH1 } from "./checks/headings";
import { introductionKeyphrase, keyphraseDensity, subheadingKeyphrase } from "./checks/keyphrase-use";
import { paragraphLength, sentenceLength, textLength } from "./checks/length";
import { imageAltText, internalLinks, outboundLinks } from "./checks/links";
import { metaDescriptionKeyphrase, metaDescriptionLength } from "./checks/meta";
import { fleschReadingEase, passiveVoice, transitionWords } from "./checks/readability";
import type { CheckResult, SeoContext } from "./checks/result";
import { slugKeyphrase, slugLength } from "./checks/slug";
import { faqPresent, jsonLdValid } from "./checks/structured";
import { titleKeyphrase, titleLength } from "./checks/title";
import { parseDocument } from "./document";
import { keyphraseForms } from "./keyphrase";
import type { SeoCheck, SeoInput, SeoReport } from "./types";

export type { SeoCheck, SeoInput, SeoReport } from "./types";

type Check = (ctx: SeoContext) => CheckResult | null;

/**
 * The checks and their weights. The overall score is the weighted mean of the scores of the checks that
 * apply (image alt text only with images, JSON-LD only on whole pages, the English word-list checks only
 * for English), so the weights are relative:
 *
 * | check | weight | | check | weight |
 * |---|---:|---|---|---:|
 * | titleKeyphrase | 10 | | textLength | 8 |
 * | titleLength | 5 | | paragraphLength | 3 |
 * | metaDescriptionLength | 5 | | sentenceLength | 4 |
 * | metaDescriptionKeyphrase | 5 | | fleschReadingEase | 6 |
 * | slugKeyphrase | 3 | | transitionWords | 3 |
 * | slugLength | 2 | | passiveVoice | 3 |
 * | introductionKeyphrase | 6 | | outboundLinks | 4 |
 * | keyphraseDensity | 10 | | internalLinks | 3 |
 * | subheadingKeyphrase | 5 | | imageAltText | 3 |
 * | singleH1 | 4 | | faqPresent | 2 |
 * | headingHierarchy | 4 | | jsonLdValid | 2 |
 *
 * Grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below.
 */
export const SEO_CHECKS: readonly { check: Check; weight: number; englishOnly?: boolean }[] = [
  { check: titleKeyphrase, weight: 10 },
  { check: titleLength, weight: 5 },
  { check: metaDescriptionLength, weight: 5 },
  { check: metaDescriptionKeyphrase, weight: 5 },
  { check: slugKeyphrase, weight: 3 },
  { check: slugLength, weight: 2 },
  { check: introductionKeyphrase, weight: 6 },
  { check: keyphraseDensity, weight: 10 },
  { check: subheadingKeyphrase, weight: 5 },
  { check: singleH1, weight: 4 },
  { check: headingHierarchy, weight: 4 },
  { check: textLength, weight: 8 },
  { check: paragraphLength, weight: 3 },
  { check: sentenceLength, weight: 4 },
  { check: fleschReadingEase, weight: 6, englishOnly: true },
  { check: transitionWords, weight: 3, englishOnly: true },
  { check: passiveVoice, weight: 3, englishOnly: true },
  { check: outboundLinks, weight: 4 },
  { check: internalLinks, weight: 3 },
  { check: imageAltText, weight: 3 },
  { check: faqPresent, weight: 2 },
  { check: jsonLdValid, weight: 2 },
];

export function gradeFor(score: number): SeoReport["grade"] {
  if (score >= 90) return "A";
  if (score >= 80) return "B";
  if (score >= 70) return "C";
  if (score >= 60) return "D";
  return "F";
}

export function analyzeSeo(input: SeoInput): SeoReport {
  const doc = parseDocument(input);
  const bodyText = doc.paragraphs.join("\n\n");
  // The body joins its paragraphs with blank lines, where sentences always end: splitting each paragraph on its
  // own gives the body's sentences, and each paragraph's length is the sum of its sentences' words.
  const paragraphSentences = doc.paragraphs.map((paragraph) => sentences(paragraph));
  const bodySentences = paragraphSentences.flat();
  const sentenceWords = bodySentences.map((sentence) => words(sentence));
  const sentenceTokens = sentenceWords.map((list) => list.map(normalizeWord));
  const paragraphWords: number[] = [];
  let next = 0;
  for (const list of paragraphSentences) {
    let count = 0;
    for (const end = next + list.length; next < end; next++) count += sentenceWords[next]?.length ?? 0;
    paragraphWords.push(count);
  }
  const ctx: SeoContext = {
    input,
    doc,
    forms: keyphraseForms(input.keyphrase, input.synonyms),
    bodyText,
    sentences: bodySentences,
    sentenceWords,
    sentenceTokens,
    paragraphWords,
    // A word never spans two sentences, and what lies between them holds none: the sentences' words are the text's.
    wordCount: sentenceWords.reduce((sum, list) => sum + list.length, 0),
    english: isEnglish(input.language ?? doc.language, bodyText),
  };
  const checks: SeoCheck[] = [];
  for (const { check, weight, englishOnly } of SEO_CHECKS) {
    if (englishOnly && !ctx.english) continue;
    const outcome = check(ctx);
    if (outcome) checks.push({ ...outcome, weight });
  }
  const totalWeight = checks.reduce((sum, c) => sum + c.weight, 0);
  const score = Math.round(checks.reduce((sum, c) => sum + c.score * c.weight, 0) / Math.max(1, totalWeight));
  return { score, grade: gradeFor(score), checks };
}

/** A declared language wins; otherwise English is assumed when its function words are common in the text. */
function isEnglish(language: string | undefined, text: string): boolean {
  if (language) return /^en\b/i.test(language);
  const sample = words(text.slice(0, 20_000)).map(normalizeWord);
  if (sample.length < 20) return sample.some((w) => stopwords.has(w)) || sample.length === 0;
  return sample.filter((w) => stopwords.has(w)).length / sample.length >= 0.15;
}
