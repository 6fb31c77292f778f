import { isNoiseWord, stopwords } from "./stopwords";

/**
 * A word is a run of letters or digits, joined by inner apostrophes or hyphens ("don't", "well-known").
 * Han, Hiragana and Katakana have no spaces between words, so each of their characters counts as one word:
 * a cheap, language-neutral approximation that keeps counts and shingles meaningful for CJK text. As a
 * regular expression (global, Unicode), words are the matches of
 * `[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*`, with
 * a match that holds CJK split at each CJK character; `words` scans for them character by character instead,
 * which is faster, and the tests hold the scan to the expression.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** What a code point is to the scan: seen (so the entry is filled), a word character, a CJK character. */
const SEEN = 1;
const WORD_CHARACTER = 2;
const CJK_CHARACTER = 4;
const LETTER_DIGIT_OR_MARK = /[\p{L}\p{N}\p{M}]/u;
/** The kinds of the Basic Multilingual Plane's code points, each worked out on first sight. */
const kinds = new Uint8Array(0x10000);

const classify = (character: string) =>
  SEEN | (LETTER_DIGIT_OR_MARK.test(character) ? WORD_CHARACTER : 0) | (CJK.test(character) ? CJK_CHARACTER : 0);

function kindOf(code: number): number {
  if (code > 0xffff) return classify(String.fromCodePoint(code));
  let kind = kinds[code] as number;
  if (kind === 0) {
    kind = classify(String.fromCharCode(code));
    kinds[code] = kind;
  }
  return kind;
}

const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const HYPHEN = 0x2d;

export function words(text: string): string[] {
  const out: string[] = [];
  const length = text.length;
  let at = 0;
  while (at < length) {
    const start = at;
    const code = text.codePointAt(at) as number;
    const kind = kindOf(code);
    at += code > 0xffff ? 2 : 1;
    if (kind & CJK_CHARACTER) {
      out.push(text.slice(start, at));
      continue;
    }
    if (!(kind & WORD_CHARACTER)) continue;
    let holdsCjk = false;
    for (;;) {
      while (at < length) {
        const next = text.codePointAt(at) as number;
        const nextKind = kindOf(next);
        if (!(nextKind & WORD_CHARACTER)) break;
        if (nextKind & CJK_CHARACTER) holdsCjk = true;
        at += next > 0xffff ? 2 : 1;
      }
      const joiner = text.charCodeAt(at);
      const joins = joiner === APOSTROPHE || joiner === RIGHT_QUOTE || joiner === HYPHEN;
      if (!joins || at + 1 >= length || !(kindOf(text.codePointAt(at + 1) as number) & WORD_CHARACTER)) break;
      at++;
    }
    const token = text.slice(start, at);
    // One by one: a run of glued text can split into more pieces than a spread call takes as arguments.
    if (holdsCjk) for (const piece of splitCjk(token)) out.push(piece);
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
  const lower = word.toLowerCase();
  return lower.includes("’") ? lower.replace(/’/g, "'") : lower;
}

/** Lower-cased words that carry meaning: stopwords and one-letter Latin tokens dropped. */
export function contentWords(text: string): string[] {
  return meaningfulWords(words(text).map(normalizeWord));
}

/** `contentWords` of words already normalised (see `normalizeWord`), for callers that tokenised the text already. */
export function meaningfulWords(normalized: string[]): string[] {
  return normalized.filter((word) => !stopwords.has(word) && (word.length > 1 || CJK.test(word)));
}

/**
 * A light English plural and possessive stemmer: "cats" → "cat", "berries" → "berry", "boxes" → "box",
 * "cat's" → "cat". Deliberately conservative ("glass", "status", "analysis" stay whole) because a wrong merge
 * inflates keyphrase counts, while a missed merge only undercounts.
 */
export function stem(word: string): string {
  let known = stems.get(word);
  if (known === undefined) {
    known = stemOf(word);
    if (stems.size >= STEM_CACHE_SIZE) stems.clear();
    stems.set(word, known);
  }
  return known;
}

/**
 * A word's stem is a pure function of the word, and texts repeat their words, so stems are kept in a bounded
 * table: vocabulary, not text, which is emptied when it fills.
 */
const STEM_CACHE_SIZE = 20_000;
const stems = new Map<string, string>();

function stemOf(word: string): string {
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

/**
 * A stronger fold than `stem`, for grouping rather than counting: lower case, no plural, no "-ing"/"-ed", no final
 * "e" ("Storing" and "store" → "stor", "starters" → "starter"). Folded forms are keys, never shown to anyone.
 */
export function foldWord(word: string): string {
  let folded = normalizeWord(word).replace(/'s$|'$/, "");
  if (folded.length > 4 && folded.endsWith("ies")) folded = `${folded.slice(0, -3)}y`;
  else if (folded.length > 3 && folded.endsWith("s") && !/(ss|us|is)$/.test(folded)) folded = folded.slice(0, -1);
  if (folded.length >= 6 && folded.endsWith("ing")) folded = folded.slice(0, -3);
  else if (folded.length >= 6 && folded.endsWith("ed")) folded = folded.slice(0, -2);
  if (folded.length > 3 && folded.endsWith("e")) folded = folded.slice(0, -1);
  return folded;
}

/** Topical words of a text, folded: noise words (function words, generic verbs, page furniture) and bare numbers dropped. */
export function topicTerms(text: string): string[] {
  return wordTopicTerms(words(text));
}

/** `topicTerms` of a text already split into words (see `words`). */
export function wordTopicTerms(tokens: string[]): string[] {
  const out: string[] = [];
  for (const word of tokens) {
    const term = topicTerm(word);
    if (term !== null) out.push(term);
  }
  return out;
}

/**
 * A word's topical term, or null when it has none. A pure function of the word, and texts repeat their words, so
 * answers are kept in a bounded table: vocabulary, not text, which is emptied when it fills.
 */
const TERM_CACHE_SIZE = 20_000;
const termOf = new Map<string, string | null>();
function topicTerm(word: string): string | null {
  let term = termOf.get(word);
  if (term === undefined) {
    const normal = normalizeWord(word);
    term =
      (normal.length > 1 || CJK.test(normal)) && !isNoiseWord(normal) && !/^\d+$/.test(normal)
        ? foldWord(normal)
        : null;
    if (termOf.size >= TERM_CACHE_SIZE) termOf.clear();
    termOf.set(word, term);
  }
  return term;
}
