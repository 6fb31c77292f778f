import { stopwords } from "./stopwords";

export { stopwords };

/**
 * A word is a run of letters or digits, joined by inner apostrophes or hyphens ("don't", "well-known").
 * Han, Hiragana and Katakana have no spaces between words, so each of their characters counts as one word:
 * a cheap, language-neutral approximation that keeps counts and shingles meaningful for CJK text.
 */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const token = match[0];
    if (token.length > 1 && CJK.test(token)) out.push(...splitCjk(token));
    else out.push(token);
  }
  return out;
}

/** A Latin word glued to CJK characters ("iPhone手机") is split so each ideograph is its own word. */
function splitCjk(token: string): string[] {
  return token.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/u).filter(Boolean);
}

/** Lower-cased with typographic apostrophes unified, so "Don’t" and "don't" compare equal. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/’/g, "'");
}

/** Lower-cased words that carry meaning: stopwords and one-letter Latin tokens dropped. */
export function contentWords(text: string): string[] {
  return words(text)
    .map(normalizeWord)
    .filter((word) => !stopwords.has(word) && (word.length > 1 || CJK.test(word)));
}

/**
 * A light English plural and possessive stemmer: "cats" → "cat", "berries" → "berry", "boxes" → "box",
 * "cat's" → "cat". Deliberately conservative ("glass", "status", "analysis" stay whole) because a wrong merge
 * inflates keyphrase counts, while a missed merge only undercounts.
 */
export function stem(word: string): string {
  let w = normalizeWord(word).replace(/'s$|'$/, "");
  if (w.length <= 3 || INVARIANT.has(w)) return w;
  if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous|ics)$/.test(w)) return w;
  if (/(?:sses|xes|ches|shes|zes)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Words that end in "s" in the singular too. */
const INVARIANT = new Set(["series", "species", "news", "means", "lens", "chaos", "canvas", "always", "perhaps"]);

const ABBREVIATIONS = new Set(
  "mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k no fig inc ltd co corp dept approx jan feb mar apr jun jul aug sep sept oct nov dec".split(
    " ",
  ),
);

/**
 * Sentences of a text: split after `.`, `!`, `?`, `…` (or their CJK forms) when the next text starts a new
 * sentence, and at blank lines. Abbreviations ("Dr.", "e.g.") and decimals ("3.5") do not end a sentence.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n|\r\n\s*\r\n/)) {
    let start = 0;
    const boundary = /([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘([]?[\p{Lu}\p{N}\p{Lo}])|([。！？]+)/gu;
    for (const match of block.matchAll(boundary)) {
      const end = (match.index ?? 0) + match[0].length;
      if (match[1]?.startsWith(".") && match[1].length === 1 && isAbbreviation(block.slice(start, match.index))) {
        continue;
      }
      push(out, block.slice(start, end));
      start = end;
    }
    push(out, block.slice(start));
  }
  return out;
}

function isAbbreviation(before: string): boolean {
  const last = before.split(/\s+/).pop() ?? "";
  const bare = last.toLowerCase().replace(/^[("'“‘]+/, "");
  return ABBREVIATIONS.has(bare) || /^\p{Lu}$/u.test(last) || /^(?:\p{L}\.)+\p{L}$/u.test(last);
}

function push(out: string[], sentence: string) {
  const trimmed = sentence.replace(/\s+/g, " ").trim();
  if (words(trimmed).length > 0) out.push(trimmed);
}
