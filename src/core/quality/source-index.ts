import type { Source } from "../research/types";
import { sentences } from "../text/sentences";
import { tokenShingles } from "../text/similarity";
import { meaningfulWords, normalizeWord, stem, termVocabulary, words } from "../text/tokens";
import { numbersOf } from "./numbers";

/** Longer source texts are cut: support is found early in a page or not at all, and work stays bounded. */
const MAX_SOURCE_CHARS = 300_000;
/** Passages are windows of consecutive sentences, so a claim that joins two source sentences still matches. */
const WINDOW = 2;

export interface Passage {
  text: string;
  stems: Set<string>;
  tokens: Set<string>;
  numbers: Set<string>;
}

export interface IndexedSource {
  readonly source: Source;
  readonly passages: Passage[];
  readonly tokens: Set<string>;
  /** The text as one run of normalised words, space-delimited at both ends: quotes are found in it. */
  readonly wordRun: string;
  readonly shingles: Set<string>;
}

/**
 * Text as a comparable run of words: case, quotation marks, dashes, apostrophe styles and punctuation folded
 * away, so a quote matches its source however either side typesets it.
 */
export function wordRun(text: string): string {
  return ` ${words(text.normalize("NFKC")).map(normalizeWord).join(" ")} `;
}

interface SentenceTerms {
  stems: string[];
  tokens: string[];
  numbers: string[];
}

function termsOf(sentence: string): SentenceTerms {
  const tokens = words(sentence).map(normalizeWord);
  return { stems: meaningfulWords(tokens).map(stem), tokens, numbers: numbersOf(sentence, true) };
}

const windowSet = (window: SentenceTerms[], field: keyof SentenceTerms) =>
  new Set(window.flatMap((terms) => terms[field]));

/**
 * The normalised words of a source's text (up to MAX_SOURCE_CHARS), computed once per source: grounding's quote
 * index and originality's copied-run index both read them.
 */
const sourceTokens = new WeakMap<Source, string[]>();
export function sourceWords(source: Source): string[] {
  let tokens = sourceTokens.get(source);
  if (!tokens) {
    tokens = termVocabulary().normalWords(source.text.slice(0, MAX_SOURCE_CHARS));
    sourceTokens.set(source, tokens);
  }
  return tokens;
}

/**
 * A source indexed for grounding. The quote run is built at once; the passages and trigrams only when a claim is
 * not a verbatim quote and needs them (an extractive draft quotes, so its sources are seldom split at all). Each
 * sentence is tokenised once: a passage's sets are the union of its sentences' (words never span the space that
 * joins them). Sources are not changed after research, so the index is kept per source and every assessment of
 * a job reuses it.
 */
const indexed = new WeakMap<Source, IndexedSource>();
export function indexSource(source: Source): IndexedSource {
  const known = indexed.get(source);
  if (known) return known;
  const text = source.text.slice(0, MAX_SOURCE_CHARS);
  const normal = text.normalize("NFKC");
  const run = normal === text ? sourceWords(source) : words(normal).map(normalizeWord);
  let split: { passages: Passage[]; tokens: Set<string> } | undefined;
  let trigrams: Set<string> | undefined;
  const passages = () => {
    split ??= splitPassages(text);
    return split;
  };
  const entry: IndexedSource = {
    source,
    wordRun: ` ${run.join(" ")} `,
    get passages() {
      return passages().passages;
    },
    get tokens() {
      return passages().tokens;
    },
    get shingles() {
      trigrams ??= tokenShingles(sourceWords(source));
      return trigrams;
    },
  };
  indexed.set(source, entry);
  return entry;
}

function splitPassages(text: string): { passages: Passage[]; tokens: Set<string> } {
  const texts = sentences(text);
  const list = texts.map(termsOf);
  const passages: Passage[] = [];
  for (let i = 0; i < list.length; i++) {
    const window = list.slice(i, i + WINDOW);
    passages.push({
      text: texts.slice(i, i + WINDOW).join(" "),
      stems: windowSet(window, "stems"),
      tokens: windowSet(window, "tokens"),
      numbers: windowSet(window, "numbers"),
    });
  }
  return { passages, tokens: windowSet(list, "tokens") };
}

/** Usable sources by id: only sources that were retrieved and passed validity can back a claim. */
export function indexOkSources(sources: Source[]): Map<number, IndexedSource> {
  const out = new Map<number, IndexedSource>();
  for (const source of sources)
    if (source.status === "ok" && !out.has(source.id)) out.set(source.id, indexSource(source));
  return out;
}
