import { stopwords } from "../text/stopwords";
import { normalizeWord } from "../text/tokens";

/** Lower-case words that join the capitalised words of one name ("Bank of America", "Vincent van Gogh"). */
const CONNECTORS = new Set(["of", "de", "du", "la", "le", "van", "von", "der", "den", "da", "di", "del"]);

const capitalised = (token: string) => /^\p{Lu}/u.test(token) && token !== "I" && !/\d/.test(token);

/**
 * A name as compared: lower-cased, typographic apostrophes unified, hyphens and dashes as spaces, a possessive
 * "'s" dropped, so "Colorado State University’s" and "Colorado State University" are one name, and so are
 * "Hewlett–Packard" and "Hewlett-Packard".
 */
export function nameKey(tokens: string[]): string {
  return tokens
    .map((token) => normalizeWord(token).replace(/'s$/, ""))
    .join(" ")
    .replace(/[-‐‑‒–—]/g, " ");
}

/**
 * The names of two or more words a claim states: runs of capitalised words, joined by a lower-case connector at
 * most ("Royal Horticultural Society", "Bank of America"). A run at the claim's start has a capital for the
 * sentence's sake: a stopword leading it ("The", "In") is left out, and of two words only the second is kept
 * ("Last March", "Every Tuesday"), which is no name of two words; three or more are a name
 * ("Colorado State University recommends").
 */
export function multiWordNames(tokens: string[]): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!capitalised(tokens[i] as string)) {
      i++;
      continue;
    }
    const run: string[] = [];
    let j = i;
    while (j < tokens.length) {
      const token = tokens[j] as string;
      if (capitalised(token)) run.push(token);
      else if (CONNECTORS.has(token) && run.length && capitalised(tokens[j + 1] ?? "")) run.push(token);
      else break;
      j++;
    }
    if (i === 0) {
      while (run.length && stopwords.has(normalizeWord(run[0] as string))) run.shift();
      // Two capitalised words opening the claim are as often a capitalised word and a name ("Last March") as a name.
      if (run.length === 2 && nameKey(run).split(" ").length === 2) run.shift();
    }
    if (run.length >= 2) names.push(nameKey(run));
    i = j;
  }
  return [...new Set(names)];
}

/** A source's text (with its title and site name) as `nameKey` reads it, space-delimited: names are found in it. */
export function nameText(run: string): string {
  return run.replace(/[-‐‑‒–—]/g, " ").replace(/'s /g, " ");
}
