import type { Source } from "../research/types";
import { sentences } from "../text/sentences";
import { shingles } from "../text/similarity";
import { contentWords, normalizeWord, stem, words } from "../text/tokens";

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
  source: Source;
  passages: Passage[];
  tokens: Set<string>;
  /** The text as one run of normalised words, space-delimited at both ends: quotes are found in it. */
  wordRun: string;
  shingles: Set<string>;
}

/**
 * Text as a comparable run of words: case, quotation marks, dashes, apostrophe styles and punctuation folded
 * away, so a quote matches its source however either side typesets it.
 */
export function wordRun(text: string): string {
  return ` ${words(text.normalize("NFKC")).map(normalizeWord).join(" ")} `;
}

/**
 * The numbers a text states, normalised: thousands separators dropped ("1,200" → 1200), trailing zeros of
 * decimals dropped ("6.0" → 6), units and signs ignored ("$25", "24-inch", "30%" → 25, 24, 30).
 */
export function numbersOf(text: string): string[] {
  const out: string[] = [];
  for (const match of text
    .normalize("NFKC")
    .matchAll(/(?<![\p{L}\p{N}.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)/gu)) {
    const value = Number(match[0].replace(/,/g, ""));
    if (Number.isFinite(value)) out.push(String(value));
  }
  return out;
}

export function indexSource(source: Source): IndexedSource {
  const text = source.text.slice(0, MAX_SOURCE_CHARS);
  const list = sentences(text);
  const passages: Passage[] = [];
  for (let i = 0; i < list.length; i++) {
    const passage = list.slice(i, i + WINDOW).join(" ");
    passages.push({
      text: passage,
      stems: new Set(contentWords(passage).map(stem)),
      tokens: new Set(words(passage).map(normalizeWord)),
      numbers: new Set(numbersOf(passage)),
    });
  }
  const tokens = new Set(passages.flatMap((p) => [...p.tokens]));
  return {
    source,
    passages,
    tokens,
    wordRun: wordRun(text),
    shingles: shingles(text),
  };
}

/** Usable sources by id: only sources that were retrieved and passed validity can back a claim. */
export function indexOkSources(sources: Source[]): Map<number, IndexedSource> {
  const out = new Map<number, IndexedSource>();
  for (const source of sources)
    if (source.status === "ok" && !out.has(source.id)) out.set(source.id, indexSource(source));
  return out;
}
