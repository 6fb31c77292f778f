/** A character that starts a word (see `words`): a sentence needs one. */
const WORD_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{L}\p{N}\p{M}]/u;

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
  splitSentences(text, (stretch) => push(out, stretch));
  return out;
}

/**
 * The stretches of a text that `sentences` makes its sentences of, as they are in the text: white space not
 * folded or trimmed, and stretches with no word in them kept. For callers that read only a sentence's words
 * (see `words`), which are the same in both; the copies `sentences` makes are not needed there.
 */
export function sentenceStretches(text: string): string[] {
  const out: string[] = [];
  splitSentences(text, (stretch) => out.push(stretch));
  return out;
}

/** Blocks of a text split at blank lines; a text without a line break is one block, found without the split. */
const BLANK_LINE = /\n\s*\n|\r\n\s*\r\n/;
const blocksOf = (text: string) => (text.includes("\n") ? text.split(BLANK_LINE) : [text]);

/**
 * Where a sentence may end. A run of end marks is tried from its first mark only: tried from each, a long run
 * (`??????…`) with no sentence after it took time quadratic in its length. One expression for every block, read
 * with `exec` from where the block starts: `matchAll` copies the expression on each call.
 */
const BOUNDARY = /(?<![.!?…])([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘([]{0,2}[\p{Lu}\p{N}\p{Lo}])|([。！？]+)/gu;

function splitSentences(text: string, emit: (stretch: string) => void): void {
  for (const block of blocksOf(text)) {
    let start = 0;
    BOUNDARY.lastIndex = 0;
    for (let match = BOUNDARY.exec(block); match; match = BOUNDARY.exec(block)) {
      const end = match.index + match[0].length;
      if (match[1]?.startsWith(".") && match[1].length === 1 && isAbbreviation(lastWord(block, start, match.index))) {
        continue;
      }
      emit(block.slice(start, end));
      start = end;
    }
    emit(block.slice(start));
  }
}

/**
 * The sentences of each paragraph of a page. A page's paragraphs are not changed once read, and several analyses
 * of one research run read them (names, questions), so each list is split once.
 */
const split = new WeakMap<readonly string[], string[][]>();
export function paragraphSentences(paragraphs: readonly string[]): string[][] {
  let out = split.get(paragraphs);
  if (!out) {
    out = paragraphs.map((paragraph) => sentences(paragraph));
    split.set(paragraphs, out);
  }
  return out;
}

const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((word) => word.length));
const OPENING_MARKS = `("'“‘`;

function isAbbreviation(last: string): boolean {
  // Longer than any abbreviation or single capital, with no inner dot and no opening mark to strip: none of the three.
  if (last.length > LONGEST_ABBREVIATION && !last.includes(".") && !OPENING_MARKS.includes(last[0] as string))
    return false;
  const bare = last.toLowerCase().replace(/^[("'“‘]+/, "");
  return ABBREVIATIONS.has(bare) || /^\p{Lu}$/u.test(last) || /^(?:\p{L}\.)+\p{L}$/u.test(last);
}

const SPACE = /\s/;

/**
 * What follows the last white space of `text` between `start` and `end` (`split(/\s+/).pop()` of that stretch,
 * without copying or splitting all of it).
 */
function lastWord(text: string, start: number, end: number): string {
  let at = end;
  while (at > start && !SPACE.test(text[at - 1] as string)) at--;
  return text.slice(at, end);
}

/**
 * Runs of white space as single spaces; text that has none to fold is returned as it is, without a copy. Something
 * to fold is a space before more white space, or any other white space: the same texts as two white spaces in a row
 * or one that is not a space, but the expression starts from one plain character, which is found faster.
 */
const FOLDABLE = / \s|[^\S ]/;
export function collapseSpace(text: string): string {
  return FOLDABLE.test(text) ? text.replace(/\s+/g, " ") : text;
}

/**
 * Trimmed before folding, which gives the same text (`trim` strips what `\s` matches): most stretches end in the
 * space or line break that followed their end mark, and once that is gone most have nothing left to fold or copy.
 */
function push(out: string[], sentence: string) {
  const trimmed = collapseSpace(sentence.trim());
  if (WORD_CHAR.test(trimmed)) out.push(trimmed);
}
