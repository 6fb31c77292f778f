import type { Source } from "../research/types";
import { sentences } from "../text/sentences";
import { contentWords, normalizeWord, stem, words } from "../text/tokens";

/** Longer source texts are cut: support is found early in a page or not at all, and work stays bounded. */
const MAX_SOURCE_CHARS = 300_000;
/** Passages are windows of consecutive sentences, so a claim that joins two source sentences still matches. */
const WINDOW = 2;

export interface Passage {
  text: string;
  stems: Set<string>;
  tokens: Set<string>;
}

export interface IndexedSource {
  source: Source;
  passages: Passage[];
  tokens: Set<string>;
}

export function indexSource(source: Source): IndexedSource {
  const list = sentences(source.text.slice(0, MAX_SOURCE_CHARS));
  const passages: Passage[] = [];
  for (let i = 0; i < list.length; i++) {
    const text = list.slice(i, i + WINDOW).join(" ");
    passages.push({
      text,
      stems: new Set(contentWords(text).map(stem)),
      tokens: new Set(words(text).map(normalizeWord)),
    });
  }
  const tokens = new Set(passages.flatMap((p) => [...p.tokens]));
  return { source, passages, tokens };
}

/** Usable sources by id: only sources that were retrieved and passed validity can back a claim. */
export function indexOkSources(sources: Source[]): Map<number, IndexedSource> {
  const out = new Map<number, IndexedSource>();
  for (const source of sources)
    if (source.status === "ok" && !out.has(source.id)) out.set(source.id, indexSource(source));
  return out;
}
