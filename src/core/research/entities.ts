import { paragraphSentences } from "../text/sentences";
import { isNoiseWord } from "../text/stopwords";
import { words } from "../text/tokens";

export interface EntityPage {
  id: number;
  paragraphs: string[];
}

export type Entity = { text: string; count: number; pages: number };

/** Small words that may sit inside a name ("Bank of America", "Food and Drug Administration"). */
const CONNECTORS = new Set(["of", "and", "for", "de", "la", "van", "von", "del", "&"]);
const CAPITALISED = /^\p{Lu}[\p{L}\p{N}'-]*$/u;
const ACRONYM = /^\p{Lu}{2,6}s?$/u;
/**
 * Words that say nothing of a topic (see `isNoiseWord`) but begin or end many names ("New York", "Home Depot",
 * "One Medical", "US Army"): a run is not trimmed of them.
 */
const NAME_WORDS = new Set(["new", "home", "one", "two", "us", "way", "well", "page"]);
/** A word at either end of a run that is no part of the name: a function word, a generic verb, furniture. */
const outside = (word: string) => isNoiseWord(word) && !NAME_WORDS.has(word.toLowerCase());

/**
 * Named things competitors mention: runs of two or more capitalised words, and acronyms, found mid-sentence (a
 * sentence's first word is capitalised anyway, so it never starts a name). Ranked by how many pages mention
 * them, then how often.
 */
export function entities(pages: EntityPage[], limit = 30): Entity[] {
  const found = new Map<string, { count: number; pages: Set<number> }>();
  for (const page of pages) {
    for (const paragraph of paragraphSentences(page.paragraphs)) {
      for (const sentence of paragraph) {
        if (!capitalAfterStart(sentence)) continue;
        for (const name of namesIn(words(sentence))) {
          const entry = found.get(name) ?? { count: 0, pages: new Set<number>() };
          entry.count++;
          entry.pages.add(page.id);
          found.set(name, entry);
        }
      }
    }
  }
  return [...found.entries()]
    .map(([text, entry]) => ({ text, count: entry.count, pages: entry.pages.size }))
    .sort((a, b) => b.pages - a.pages || b.count - a.count || a.text.localeCompare(b.text))
    .slice(0, limit);
}

/**
 * Whether a capital letter follows a sentence's first character. A name's words are capitalised and never the
 * sentence's first word, which holds the first character where that is a letter, so a sentence without one holds
 * no name and is not split into words: most sentences have no capital but their first.
 */
const UPPER = /\p{Lu}/gu;
function capitalAfterStart(sentence: string): boolean {
  UPPER.lastIndex = 1;
  return UPPER.test(sentence);
}

/** `CAPITALISED`, with the ASCII words that cannot be (lower case, digits) turned away without the Unicode test. */
function capitalised(token: string): boolean {
  const first = token.charCodeAt(0);
  if (first < 128 && (first < 65 || first > 90)) return false;
  return CAPITALISED.test(token);
}

export function namesIn(tokens: string[]): string[] {
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (!run.length) return;
    while (run.length && (CONNECTORS.has(run[run.length - 1] ?? "") || outside(run[run.length - 1] ?? ""))) run.pop();
    while (run.length && outside(run[0] ?? "")) run.shift();
    if (run.length >= 2 || (run.length === 1 && ACRONYM.test(run[0] ?? ""))) names.push(run.join(" "));
    run = [];
  };
  tokens.forEach((token, index) => {
    if (index === 0) return;
    if (capitalised(token)) run.push(token);
    else if (run.length && CONNECTORS.has(token)) run.push(token);
    else flush();
  });
  flush();
  return names;
}
