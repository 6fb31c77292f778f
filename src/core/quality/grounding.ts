import type { Article } from "../article/model";
import { tokenShingles } from "../text/similarity";
import { meaningfulWords, normalizeWord, stem, words } from "../text/tokens";
import { articleClaims, type Claim } from "./claims";
import type { Finding, QualityCheck } from "./finding";
import { excerpt, qualityCheck } from "./finding";
import { multiWordNames, nameText } from "./names";
import { isNumberWord, numbersOf } from "./numbers";
import { type IndexedSource, type Passage, wordRun } from "./source-index";

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

interface Facts {
  stems: Set<string>;
  /** Proper names (capitalised words after the first): the facts a citation must carry. */
  names: string[];
  /** Names of two or more words ("Royal Horticultural Society"): each must be in the cited source's text. */
  fullNames: string[];
  numbers: string[];
  negated: boolean;
  run: string;
  shingles: Set<string>;
}

/** A claim as one run of normalised words (see `wordRun`): all a verbatim quote needs to be recognised. */
function runOf(claim: string, normalized: string[]): string {
  return claim.normalize("NFKC") === claim ? ` ${normalized.join(" ")} ` : wordRun(claim);
}

/** The claim's words are split once: its stems, names, negation, run and trigrams are all read from them. */
function factsOf(claim: string, tokens = words(claim), normalized = tokens.map(normalizeWord)): Facts {
  const names = tokens.filter((t, i) => i > 0 && /^\p{Lu}/u.test(t) && !/\d/.test(t)).map(normalizeWord);
  return {
    // A number in words is judged as a number, not as content words a paraphrase may drop.
    stems: new Set(
      meaningfulWords(normalized)
        .filter((word) => !isNumberWord(word))
        .map(stem),
    ),
    names: [...new Set(names)],
    fullNames: multiWordNames(tokens),
    numbers: [...new Set(numbersOf(claim))],
    negated: normalized.some((t) => NEGATION.has(t)),
    run: runOf(claim, normalized),
    shingles: tokenShingles(normalized),
  };
}

interface Match {
  score: number;
  source?: IndexedSource;
  passage?: Passage;
}

const negated = (passage: Passage) => [...NEGATION].some((t) => passage.tokens.has(t));

function support(facts: Facts, passage: Passage): number {
  if (!facts.stems.size) return 1;
  let shared = 0;
  for (const s of facts.stems) if (passage.stems.has(s)) shared++;
  const content = shared / facts.stems.size;
  if (!facts.names.length) return content;
  const names = facts.names.filter((e) => passage.tokens.has(e)).length / facts.names.length;
  return 0.6 * content + 0.4 * names;
}

/** A source's text, title and site name as names are compared (see `nameText`), worked out once per source. */
const namesTexts = new WeakMap<IndexedSource, string>();
function namesText(source: IndexedSource): string {
  let text = namesTexts.get(source);
  if (text === undefined) {
    const { title, siteName } = source.source;
    text = nameText(`${wordRun(`${title} ${siteName ?? ""}`)}${source.wordRun}`);
    namesTexts.set(source, text);
  }
  return text;
}

const namesIn = (facts: Facts, source: IndexedSource) =>
  facts.fullNames.filter((name) => namesText(source).includes(` ${name} `));

/** Share of a claim's word trigrams a source repeats from which it counts as quoted (trimmed or lightly edited). */
export const NEAR_VERBATIM = 0.85;

/**
 * A quote, exact after normalisation or nearly so, is supported by its source. "Nearly" allows trimmed or
 * lightly edited wording, never a changed figure or name: every word trigram that holds a number (in figures or
 * words) must be in the source, and every name of two or more words.
 */
const quotedVerbatim = (run: string, source: IndexedSource) => Boolean(run.trim()) && source.wordRun.includes(run);

function quotes(facts: Facts, source: IndexedSource): boolean {
  if (quotedVerbatim(facts.run, source)) return true;
  if (facts.shingles.size < 3) return false;
  let shared = 0;
  for (const shingle of facts.shingles) {
    if (source.shingles.has(shingle)) shared++;
    else if (/\d/.test(shingle) || shingle.split(" ").some(isNumberWord)) return false;
  }
  return shared / facts.shingles.size >= NEAR_VERBATIM && namesIn(facts, source).length === facts.fullNames.length;
}

type Verdict = "supported" | "unjudged" | { facts: Facts; best: Match };

/** Each claim judged against the sources it cites: supported, not judged (no usable source), or not supported. */
function judgeClaims(article: Article, sources: Map<number, IndexedSource>, claims: Claim[]): JudgedClaims {
  const toSource = new Map(article.citations.map((c) => [c.marker, c.sourceId]));
  return claims.map((claim) => {
    const candidates = claim.markers
      .map((n) => sources.get(toSource.get(n) ?? n))
      .filter((s): s is IndexedSource => Boolean(s));
    if (!candidates.length) return { claim, verdict: "unjudged" };
    // A verbatim quote (what an extractive draft mostly holds) needs nothing but its run of words.
    const tokens = words(claim.text);
    const normalized = tokens.map(normalizeWord);
    const run = runOf(claim.text, normalized);
    if (candidates.some((source) => quotedVerbatim(run, source))) return { claim, verdict: "supported" };
    const facts = factsOf(claim.text, tokens, normalized);
    if (candidates.some((source) => quotes(facts, source))) return { claim, verdict: "supported" };
    let best: Match = { score: 0 };
    let agreeing: Match = { score: 0 };
    for (const source of candidates) {
      const namesAll = namesIn(facts, source).length === facts.fullNames.length;
      for (const passage of source.passages) {
        const score = support(facts, passage);
        if (score > best.score) best = { score, source, passage };
        const statesAll = facts.numbers.every((n) => passage.numbers.has(n));
        if (statesAll && namesAll && score > agreeing.score && facts.negated === negated(passage))
          agreeing = { score, source, passage };
      }
    }
    return { claim, verdict: agreeing.score >= SUPPORT_THRESHOLD ? "supported" : { facts, best } };
  });
}

/** Every cited claim of an article with its verdict: what `supportedClaims` and `grounding` read. */
export type JudgedClaims = { claim: Claim; verdict: Verdict }[];

export function judgeArticle(article: Article, sources: Map<number, IndexedSource>): JudgedClaims {
  return judgeClaims(article, sources, articleClaims(article));
}

/** The article's claims its cited sources support: what it says with evidence, as grounding judges it. */
export function supportedClaims(
  article: Article,
  sources: Map<number, IndexedSource>,
  judged: JudgedClaims = judgeArticle(article, sources),
): Claim[] {
  return judged.filter((entry) => entry.verdict === "supported").map((entry) => entry.claim);
}

/**
 * Every cited claim must be supported by one of the sources it cites. A claim is the text a marker follows,
 * back to the previous marker or the start of its sentence (see `claimsOf`). A source supports it when it
 * quotes the source (verbatim or nearly), or when its best-matching passage shares at least half of the
 * claim's content words and names, the source states every number the claim does (in figures or in words:
 * "twelve" is 12, "a dozen" 12; see `numbersOf`) and names every name of two or more words it does (see
 * `multiWordNames`), and they agree on negation.
 * Markers resolve through the article's citation list; text without a marker is not judged here.
 */
export function grounding(
  article: Article,
  sources: Map<number, IndexedSource>,
  judged: JudgedClaims = judgeArticle(article, sources),
): QualityCheck {
  if (!judged.length)
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
  for (const { claim, verdict } of judged) {
    if (verdict === "unjudged") continue; // a marker without a usable source is the citation check's finding
    if (verdict === "supported") {
      supported++;
      continue;
    }
    const { facts, best } = verdict;
    const missingNumbers = facts.numbers.filter((n) => !best.passage?.numbers.has(n));
    const named = best.source ? namesIn(facts, best.source) : [];
    const missingNames = facts.fullNames.filter((name) => !named.includes(name));
    const polarityFlip = best.score >= SUPPORT_THRESHOLD && !missingNumbers.length && !missingNames.length;
    const cited = `[${claim.markers.join("][")}]`;
    const noneDoes = claim.markers.length > 1 ? "no cited source does" : "the cited source does not";
    const why = missingNumbers.length
      ? `states ${missingNumbers.join(", ")}, which ${noneDoes}`
      : missingNames.length
        ? `names ${missingNames.map((name) => `"${name}"`).join(", ")}, which ${noneDoes}`
        : polarityFlip
          ? "says the opposite of the closest passage in the cited source"
          : `is not supported by the cited source (best overlap ${Math.round(best.score * 100)}%)`;
    findings.push({
      check: "grounding",
      severity: best.score < 0.3 || missingNumbers.length || missingNames.length ? "high" : "medium",
      message: `${cited} "${excerpt(claim.text)}" ${why}.`,
      location: claim.location,
      instruction: `Rewrite "${excerpt(claim.text, 80)}" so it says only what source ${cited} says${best.passage ? ` (closest passage: "${excerpt(best.passage.text, 100)}")` : ""}, or cite a source that supports it.`,
    });
  }
  const verdicts = supported + findings.length;
  return qualityCheck("grounding", verdicts ? (supported / verdicts) * 100 : 0, findings);
}
