/**
 * Where the words of a text are. A word is a run of letters or digits, joined by inner apostrophes or hyphens
 * ("don't", "well-known"). Han, Hiragana and Katakana have no spaces between words, so each of their characters
 * counts as one word: a cheap, language-neutral approximation that keeps counts and shingles meaningful for CJK
 * text. Thai, Lao, Khmer and Myanmar are written without spaces too, but their words are several characters long:
 * a run of them is cut into words by the platform's word segmenter (`Intl.Segmenter`, which knows their words
 * from dictionaries). As a regular expression (global, Unicode), words are the matches of
 * `[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*`, with
 * a match that holds CJK split at each CJK character, and a piece that holds one of the four scripts cut into the
 * segmenter's word-like segments; `words` scans for them character by character instead, which is faster, and
 * the tests hold the scan to the expression.
 */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Scripts written without spaces between words of several characters each. */
export const SPACELESS = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** What a code point is to the scan: seen (so the entry is filled), a word character, a CJK character. */
const SEEN = 1;
const WORD_CHARACTER = 2;
const CJK_CHARACTER = 4;
const SPACELESS_CHARACTER = 8;
/** Whether a token needs more than a plain cut: it holds CJK or a spaceless script. */
const SPLIT = CJK_CHARACTER | SPACELESS_CHARACTER;
const LETTER_DIGIT_OR_MARK = /[\p{L}\p{N}\p{M}]/u;
/** The kinds of the Basic Multilingual Plane's code points, each worked out on first sight. */
const kinds = new Uint8Array(0x10000);

const classify = (character: string) =>
  SEEN |
  (LETTER_DIGIT_OR_MARK.test(character) ? WORD_CHARACTER : 0) |
  (CJK.test(character) ? CJK_CHARACTER : 0) |
  (SPACELESS.test(character) ? SPACELESS_CHARACTER : 0);

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

/** The words of a text, in order (see above). */
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
    let held = kind & SPACELESS_CHARACTER;
    for (;;) {
      while (at < length) {
        const next = text.codePointAt(at) as number;
        const nextKind = kindOf(next);
        if (!(nextKind & WORD_CHARACTER)) break;
        held |= nextKind & SPLIT;
        at += next > 0xffff ? 2 : 1;
      }
      const joiner = text.charCodeAt(at);
      const joins = joiner === APOSTROPHE || joiner === RIGHT_QUOTE || joiner === HYPHEN;
      if (!joins || at + 1 >= length || !(kindOf(text.codePointAt(at + 1) as number) & WORD_CHARACTER)) break;
      at++;
    }
    const token = text.slice(start, at);
    // One by one: a run of glued text can split into more pieces than a spread call takes as arguments.
    if (held) for (const piece of splitToken(token, held)) out.push(piece);
    else out.push(token);
  }
  return out;
}

/**
 * What gives a word its id (see `Vocabulary`): found at `start`–`end` of a text with its `wordHash` from `seed`, or
 * given alone.
 */
export interface WordIds {
  readonly seed: number;
  idOf(text: string, start: number, end: number, hash: number): number;
  idOfWord(word: string): number;
}

const FNV_PRIME = 0x01000193;

/**
 * A 32-bit FNV-1a hash of the code points of `text` from `start` to `end`, begun from `seed` instead of the usual
 * offset, as `wordIds` works it out as it scans.
 */
export function wordHash(text: string, start: number, end: number, seed: number): number {
  let hash = seed;
  for (let at = start; at < end; ) {
    const code = text.codePointAt(at) as number;
    hash = Math.imul(hash ^ code, FNV_PRIME);
    at += code > 0xffff ? 2 : 1;
  }
  return hash;
}

/**
 * The ids of the words of a text, in order: `words`, with each word looked up where it is rather than cut out, so
 * a word seen before is not copied, and hashed as it is scanned. The same loop as `words` (the tests hold the two
 * together): one loop choosing at each word between cutting and looking up, or calling back, cost words() a
 * tenth more or worse. The ids are appended to `out` when it is given.
 */
export function wordIds(text: string, ids: WordIds, out: number[] = []): number[] {
  const length = text.length;
  let at = 0;
  while (at < length) {
    const start = at;
    const code = text.codePointAt(at) as number;
    const kind = kindOf(code);
    at += code > 0xffff ? 2 : 1;
    let hash = Math.imul(ids.seed ^ code, FNV_PRIME);
    if (kind & CJK_CHARACTER) {
      out.push(ids.idOf(text, start, at, hash));
      continue;
    }
    if (!(kind & WORD_CHARACTER)) continue;
    let held = kind & SPACELESS_CHARACTER;
    for (;;) {
      while (at < length) {
        const next = text.codePointAt(at) as number;
        const nextKind = kindOf(next);
        if (!(nextKind & WORD_CHARACTER)) break;
        held |= nextKind & SPLIT;
        hash = Math.imul(hash ^ next, FNV_PRIME);
        at += next > 0xffff ? 2 : 1;
      }
      const joiner = text.charCodeAt(at);
      const joins = joiner === APOSTROPHE || joiner === RIGHT_QUOTE || joiner === HYPHEN;
      if (!joins || at + 1 >= length || !(kindOf(text.codePointAt(at + 1) as number) & WORD_CHARACTER)) break;
      hash = Math.imul(hash ^ joiner, FNV_PRIME);
      at++;
    }
    if (held) for (const piece of splitToken(text.slice(start, at), held)) out.push(ids.idOfWord(piece));
    else out.push(ids.idOf(text, start, at, hash));
  }
  return out;
}

/**
 * A token holding CJK or a spaceless script (`held`, the kinds seen in it), in words: a Latin word glued to CJK
 * characters ("iPhone手机") is split so each ideograph is its own word, and a piece in a spaceless script is cut
 * into the segmenter's words.
 */
function splitToken(token: string, held: number): string[] {
  const pieces = held & CJK_CHARACTER ? splitCjk(token) : [token];
  if (!(held & SPACELESS_CHARACTER)) return pieces;
  return pieces.flatMap((piece) => (piece.length > 1 && SPACELESS.test(piece) ? segmentWords(piece) : [piece]));
}

function splitCjk(token: string): string[] {
  return token.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/u).filter(Boolean);
}

let segmenter: Intl.Segmenter | null | undefined;

/** The word-like segments of a run of text; the run whole where the platform has no word segmenter. */
function segmentWords(text: string): string[] {
  segmenter ??= typeof Intl.Segmenter === "function" ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
  if (!segmenter) return [text];
  const out: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) if (isWordLike) out.push(segment);
  return out.length ? out : [text];
}
