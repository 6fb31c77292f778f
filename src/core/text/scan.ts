/**
 * Where the words of a text are. A word is a run of letters or digits, joined by inner apostrophes or hyphens
 * ("don't", "well-known"). Han, Hiragana and Katakana have no spaces between words, so each of their characters
 * counts as one word: a cheap, language-neutral approximation that keeps counts and shingles meaningful for CJK
 * text. As a regular expression (global, Unicode), words are the matches of
 * `[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*`, with
 * a match that holds CJK split at each CJK character; `scanWords` scans for them character by character instead,
 * which is faster, and the tests hold the scan to the expression.
 */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

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

/**
 * Where each word of a text is (see `words`), in order: `visit` gets the word's start and end. For callers that
 * look words up rather than keep them (see `Vocabulary`), which need no copy of a word they have seen before.
 */
export function scanWords(text: string, visit: (start: number, end: number) => void): void {
  const length = text.length;
  let at = 0;
  while (at < length) {
    const start = at;
    const code = text.codePointAt(at) as number;
    const kind = kindOf(code);
    at += code > 0xffff ? 2 : 1;
    if (kind & CJK_CHARACTER) {
      visit(start, at);
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
    if (holdsCjk) splitCjk(text, start, at, visit);
    else visit(start, at);
  }
}

/**
 * A Latin word glued to CJK characters ("iPhone手机") is split so each ideograph is its own word: its pieces are
 * its CJK characters one by one and the runs of other characters between them.
 */
function splitCjk(text: string, start: number, end: number, visit: (start: number, end: number) => void): void {
  let run = start;
  let at = start;
  while (at < end) {
    const code = text.codePointAt(at) as number;
    const next = at + (code > 0xffff ? 2 : 1);
    if (kindOf(code) & CJK_CHARACTER) {
      if (run < at) visit(run, at);
      visit(at, next);
      run = next;
    }
    at = next;
  }
  if (run < end) visit(run, end);
}
