import type { Article } from "../article/model";
import { stripMarkers } from "../text/markdown";
import { contentWords, normalizeWord, stem, words } from "../text/tokens";
import { articleSentences } from "./article-text";
import { excerpt, qualityCheck } from "./finding";
import type { Finding, QualityCheck } from "./index";
import type { IndexedSource, Passage } from "./source-index";

/** Share of a claim's content words (and, where it names any, its entities) found in one passage. */
export const SUPPORT_THRESHOLD = 0.5;
const NEGATION = new Set([
  "not",
  "no",
  "never",
  "none",
  "neither",
  "nor",
  "cannot",
  "without",
  "isn't",
  "aren't",
  "doesn't",
  "don't",
  "didn't",
  "won't",
  "wasn't",
  "weren't",
]);

interface Claim {
  stems: Set<string>;
  /** Numbers and proper names (capitalised words after the first): the facts a citation must carry. */
  entities: string[];
  numbers: string[];
  negated: boolean;
}

function claimOf(sentence: string): Claim {
  const tokens = words(sentence);
  const entities = tokens.filter((t, i) => (i > 0 && /^\p{Lu}/u.test(t)) || /\d/.test(t)).map(normalizeWord);
  return {
    stems: new Set(contentWords(sentence).map(stem)),
    entities: [...new Set(entities)],
    numbers: [...new Set(tokens.filter((t) => /\d/.test(t)))],
    negated: tokens.some((t) => NEGATION.has(normalizeWord(t))),
  };
}

interface Match {
  score: number;
  source?: IndexedSource;
  passage?: Passage;
}

const negated = (passage: Passage) => [...NEGATION].some((t) => passage.tokens.has(t));

function support(claim: Claim, passage: Passage): number {
  if (!claim.stems.size) return 1;
  let shared = 0;
  for (const s of claim.stems) if (passage.stems.has(s)) shared++;
  const content = shared / claim.stems.size;
  if (!claim.entities.length) return content;
  const entities = claim.entities.filter((e) => passage.tokens.has(e)).length / claim.entities.length;
  return 0.6 * content + 0.4 * entities;
}

/**
 * Every sentence that carries a citation must be supported by one of the sources it cites: the best-matching
 * passage shares at least half of its content words (and entities), has every number it states, and agrees
 * on negation. Sentences without citations are not judged here.
 */
export function grounding(article: Article, sources: Map<number, IndexedSource>): QualityCheck {
  const cited = articleSentences(article).filter((s) => s.markers.length);
  if (!cited.length)
    return qualityCheck("grounding", 0, [
      {
        check: "grounding",
        severity: "high",
        message: "No sentence cites a source, so no claim can be checked.",
        instruction: "Back each factual claim with an inline citation [n] to the source that states it.",
      },
    ]);
  const findings: Finding[] = [];
  let supported = 0;
  for (const sentence of cited) {
    const claim = claimOf(stripMarkers(sentence.text));
    const candidates = sentence.markers.map((n) => sources.get(n)).filter((s): s is IndexedSource => Boolean(s));
    let best: Match = { score: 0 };
    let agreeing: Match = { score: 0 };
    for (const source of candidates)
      for (const passage of source.passages) {
        const score = support(claim, passage);
        if (score > best.score) best = { score, source, passage };
        if (score > agreeing.score && claim.negated === negated(passage)) agreeing = { score, source, passage };
      }
    const missingNumbers = best.source ? claim.numbers.filter((n) => !best.source?.tokens.has(normalizeWord(n))) : [];
    const polarityFlip = best.score >= SUPPORT_THRESHOLD && agreeing.score < SUPPORT_THRESHOLD;
    if (agreeing.score >= SUPPORT_THRESHOLD && !missingNumbers.length) {
      supported++;
      continue;
    }
    if (!candidates.length) continue; // a marker without a usable source is the citation check's finding
    const why = missingNumbers.length
      ? `states ${missingNumbers.join(", ")}, which the cited source does not`
      : polarityFlip
        ? "says the opposite of the closest passage in the cited source"
        : `is not supported by the cited source (best overlap ${Math.round(best.score * 100)}%)`;
    findings.push({
      check: "grounding",
      severity: best.score < 0.3 || missingNumbers.length ? "high" : "medium",
      message: `"${excerpt(sentence.text)}" ${why}.`,
      location: sentence.location,
      instruction: `Rewrite the sentence "${excerpt(sentence.text, 80)}" so it says only what source [${sentence.markers.join("][")}] says${best.passage ? ` (closest passage: "${excerpt(best.passage.text, 100)}")` : ""}, or cite a source that supports it.`,
    });
  }
  const judged = supported + findings.length;
  return qualityCheck("grounding", judged ? (supported / judged) * 100 : 0, findings);
}
