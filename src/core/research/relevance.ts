import { AGENT_NOUN_WEIGHT, agentNoun, headTerm, keywordTopicTerms } from "../text/intent";
import { topicTerms } from "../text/tokens";
import { PageReading } from "./page-words";
import type { Heading, Source } from "./types";

/** What relevance reads of a page or an article: its title, its section headings and its body text. */
export interface TopicalText {
  title: string;
  headings: Pick<Heading, "text">[];
  text: string;
}

/** Below this a page is not about the keyword: kept with `status: "invalid"`, `reason: "off_topic"`. */
export const RELEVANCE_THRESHOLD = 0.35;
/** A job needs this many relevant pages (or every page it read, when it read fewer) to write from. */
export const MIN_RELEVANT_SOURCES = 2;
/** Body mentions per thousand words at which a keyword term counts as fully present in the body. */
const FULL_BODY_RATE = 2;

/** Hyphenated compounds ("raised-bed") are the same terms as their spaced form. */
export const termsOf = (text: string) => topicTerms(text.replace(/[-‐‑–]/g, " "));

/**
 * `termsOf` a page's text, from its words as the run read them where it has no CJK: a hyphen there joins two words
 * or is no part of one, and the other dashes are never part of one, so the terms of the text with its dashes as
 * spaces are its words' one by one.
 */
export function pageTerms(text: string, reading: PageReading): string[] {
  const { vocabulary, ids } = reading.of(text);
  const out: string[] = [];
  for (const id of ids) {
    const terms = vocabulary.spacedTermsOf(id);
    if (terms === null) return termsOf(text);
    for (const term of terms) out.push(term);
  }
  return out;
}

/** The combining accents of Latin, Greek and Cyrillic letters, as Unicode decomposes them. */
const COMBINING_ACCENTS = /[\u0300-\u036f]/g;

/**
 * A term as people type it whether or not they type its accents ("creme brulee" for "crème brûlée"), and the same
 * whether a page stores "è" as one character or as "e" and an accent: compatibility-decomposed (full-width and
 * ligature letters become plain ones), the accents dropped, composed again. Marks that spell the sounds of other
 * scripts (Devanagari, Thai) are not in that range and stay. Plain ASCII, most terms, is returned as it is.
 */
export function foldAccents(term: string): string {
  for (let i = 0; i < term.length; i++) {
    if (term.charCodeAt(i) > 0x7f) return term.normalize("NFKD").replace(COMBINING_ACCENTS, "").normalize("NFC");
  }
  return term;
}

/** `foldAccents` over a text's terms, each distinct term folded once. */
function accentFolder(): (terms: string[]) => string[] {
  const folded = new Map<string, string>();
  const fold = (term: string) => {
    let out = folded.get(term);
    if (out === undefined) {
      out = foldAccents(term);
      folded.set(term, out);
    }
    return out;
  };
  return (terms) => terms.map(fold);
}

/** How many times `needle` occurs in `haystack` as a run of consecutive terms. */
export function containsRun(haystack: string[], needle: string[]): number {
  if (!needle.length || haystack.length < needle.length) return 0;
  let count = 0;
  for (let i = 0; i + needle.length <= haystack.length; i++)
    if (needle.every((term, j) => haystack[i + j] === term)) count++;
  return count;
}

/**
 * How much a text is about a keyword, 0–1, from where the keyword's terms appear: each term scores 1 in the
 * title, 0.8 in a heading, and up to 0.8 by its rate in the body (its agent noun, "gardener" for "garden", at half
 * of each); the keyword as a phrase (its terms in order) in the title or a heading, or repeatedly in the body, adds
 * to that; and a term the text never uses weighs on the whole score quadratically, so a page about raised-bed soil
 * is not about "compost tea" however often it says "compost". Terms match with or without their accents. Lexical
 * by design: it runs offline, per request, on the edge. `language` says which term is the keyword's head (see
 * `headTerm`). The page's words come from `reading`, which a research run shares with its key terms.
 */
export function relevanceTo(
  keyword: string,
  page: TopicalText,
  language?: string,
  reading = new PageReading(),
): number {
  // Terms are compared without their accents (see `foldAccents`).
  const fold = accentFolder();
  const phrase = fold(keywordTopicTerms(keyword));
  const keywordTerms = [...new Set(phrase)];
  if (!keywordTerms.length) return 1;
  const title = fold(termsOf(page.title));
  const headings = page.headings.map((h) => fold(termsOf(h.text)));
  const body = fold(pageTerms(page.text, reading));
  // Only the keyword's own terms are ever looked up, so only they are counted; a term's agent noun ("gardener" of
  // "garden") counts half: a page for gardeners about raised beds is about raised bed gardens.
  const counts = new Map(keywordTerms.map((term) => [term, 0]));
  const derived = new Map(keywordTerms.map((term) => [agentNoun(term), term]));
  const derivedCounts = new Map(keywordTerms.map((term) => [term, 0]));
  for (const term of body) {
    const count = counts.get(term);
    if (count !== undefined) counts.set(term, count + 1);
    else {
      const base = derived.get(term);
      if (base !== undefined) derivedCounts.set(base, (derivedCounts.get(base) ?? 0) + 1);
    }
  }
  const perThousand = (term: string) =>
    (((counts.get(term) ?? 0) + AGENT_NOUN_WEIGHT * (derivedCounts.get(term) ?? 0)) * 1000) /
    Math.max(200, body.length);
  const scores = keywordTerms.map((term) => {
    const agent = agentNoun(term);
    if (title.includes(term)) return 1;
    if (headings.some((h) => h.includes(term))) return 0.8;
    const inBody = 0.8 * Math.min(1, perThousand(term) / FULL_BODY_RATE);
    if (title.includes(agent)) return Math.max(AGENT_NOUN_WEIGHT, inBody);
    if (headings.some((h) => h.includes(agent))) return Math.max(AGENT_NOUN_WEIGHT * 0.8, inBody);
    return inBody;
  });
  const present = scores.filter((s) => s > 0).length / scores.length;
  const strength = scores.reduce((a, b) => a + b, 0) / scores.length;
  const headed = (run: string[]) => containsRun(title, run) > 0 || headings.some((h) => containsRun(h, run) > 0);
  const phraseScore = phrase.length < 2 ? strength : headed(phrase) ? 1 : Math.min(1, containsRun(body, phrase) / 3);
  // A longer keyword may lose one edge term when the page heads with the rest of it as a phrase ("Raised bed soil
  // basics" for "organic raised bed soil"); a term missing from the middle, or from a short keyword, is not
  // excused, nor ever the head: pages headed "credit card" that never say "rewards" are not about "credit card
  // rewards".
  const missing = keywordTerms.filter((_, i) => scores[i] === 0);
  const lost = missing.length === 1 ? missing[0] : undefined;
  const excused =
    phrase.length >= 3 &&
    lost !== undefined &&
    lost !== headTerm(phrase, language) &&
    ((phrase[0] === lost && headed(phrase.slice(1))) || (phrase.at(-1) === lost && headed(phrase.slice(0, -1))));
  const coverage = excused ? 1 : present;
  const score = (0.6 * strength + 0.25 * phraseScore + 0.15 * coverage) * coverage ** 2;
  return Math.round(Math.min(1, score) * 1000) / 1000;
}

/**
 * Every page with content gets its relevance to the keyword; a valid page below the threshold becomes invalid
 * with the reason `off_topic` (scores by source id, e.g. from embeddings, replace the lexical score), kept in the
 * report so the caller sees what was read and why it was not used.
 */
export function judgeRelevance(
  sources: Source[],
  keyword: string,
  threshold = RELEVANCE_THRESHOLD,
  scores?: ReadonlyMap<number, number>,
  language?: string,
): Source[] {
  return sources.map((source) => {
    if (source.status === "failed" || !source.text) return source;
    const relevance = scores?.get(source.id) ?? relevanceTo(keyword, source, language);
    if (source.status !== "ok" || relevance >= threshold) return { ...source, relevance };
    return {
      ...source,
      relevance,
      status: "invalid",
      reason: "off_topic",
      detail: `relevance ${relevance} to "${keyword}", at least ${threshold} needed`,
    };
  });
}

/** Whether research found enough pages about the keyword to write from, instead of writing about something else. */
export function enoughRelevantSources(sources: Source[]): boolean {
  const relevant = sources.filter((s) => s.status === "ok").length;
  const read = sources.filter((s) => s.status === "ok" || s.reason === "off_topic").length;
  return relevant > 0 && relevant >= Math.min(MIN_RELEVANT_SOURCES, read);
}
