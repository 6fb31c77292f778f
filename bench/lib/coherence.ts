/**
 * How coherent an article's sections read, from its cited passages (the text each citation covers):
 * - adjacentSimilarity: mean cosine similarity of consecutive passages in a section, over their topical terms
 *   without the keyword's (every passage names the keyword; that says nothing about flow);
 * - headingMatchShare: share of sections in which at least two thirds of the passages use a term of the heading
 *   beyond the keyword's (sections whose heading is only the keyword are not counted);
 * - passageHeadingShare: the same per passage;
 * - midThoughtShare: passages that open mid-thought (a pronoun, a connective, a bare answer, a "here are");
 * - unnamedAttributions: framing sentences that name no source ("One source …").
 */
import type { Article } from "../../src/core/article/model";
import { cosine, termBag } from "../../src/core/text/cosine";
import { plainText } from "../../src/core/text/markdown";
import { topicTerms } from "../../src/core/text/tokens";

export interface Coherence {
  sections: number;
  adjacentPairs: number;
  adjacentSimilarity: number;
  headingMatchShare: number;
  passageHeadingShare: number;
  passages: number;
  midThoughtShare: number;
  unnamedAttributions: number;
}

export const MID_THOUGHT =
  /^(?:it|its|it's|this|that|these|those|they|them|their|he|she|his|her|such|both|which|but|and|so|also|however|therefore|thus|instead|then|yet|still|otherwise|here are|here is|in practice|almost always|the fix|the answer)\b|^(?:yes|no|usually|often|sometimes|generally|not always)[,:.]|^for most [\w\s]+, (?:yes|no)\b/i;

const MARKERS = /(?:\[\d{1,4}(?:\s*[,;]\s*\d{1,4})*\])+/g;

/**
 * A section's passages: the text each run of citation markers closes, back to the previous run or the start of
 * its paragraph; of a quoted passage only the quotation (the framing sentence before it is the writer's).
 */
export function passagesOf(body: string): string[] {
  return plainText(body)
    .split(/\n\s*\n/)
    .flatMap((paragraph) => paragraph.split(MARKERS).slice(0, -1))
    .map((chunk) => {
      const quoted = chunk.indexOf("“");
      return (quoted >= 0 ? chunk.slice(quoted) : chunk).replace(/^[\s“"‘'(,;:.]+|[\s”"’')]+$/g, "");
    })
    .filter((text) => /\p{L}/u.test(text));
}

export function coherence(article: Article, keyword: string): Coherence {
  const own = new Set(topicTerms(keyword));
  const terms = (text: string) => topicTerms(text).filter((t) => !own.has(t));
  let pairs = 0;
  let similarity = 0;
  let counted = 0;
  let matching = 0;
  let passages = 0;
  let passagesMatching = 0;
  let headedPassages = 0;
  let midThought = 0;
  for (const section of article.sections) {
    const texts = passagesOf(section.body);
    passages += texts.length;
    midThought += texts.filter((t) => MID_THOUGHT.test(t)).length;
    const bags = texts.map((t) => termBag(terms(t)));
    for (let i = 1; i < bags.length; i++) {
      pairs++;
      similarity += cosine(bags[i - 1] ?? new Map(), bags[i] ?? new Map());
    }
    const headingTerms = new Set(terms(section.heading));
    if (headingTerms.size === 0 || texts.length === 0) continue;
    const match = texts.filter((t) => terms(t).some((term) => headingTerms.has(term))).length;
    counted++;
    headedPassages += texts.length;
    passagesMatching += match;
    if (match / texts.length >= 2 / 3) matching++;
  }
  const prose = [article.intro, ...article.sections.map((s) => s.body)].join("\n");
  return {
    sections: article.sections.length,
    adjacentPairs: pairs,
    adjacentSimilarity: pairs ? similarity / pairs : 0,
    headingMatchShare: counted ? matching / counted : 0,
    passageHeadingShare: headedPassages ? passagesMatching / headedPassages : 0,
    passages,
    midThoughtShare: passages ? midThought / passages : 0,
    unnamedAttributions: (prose.match(/\bOne source\b/g) ?? []).length,
  };
}
