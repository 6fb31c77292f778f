/**
 * Advance widths of Arial (Helvetica metrics) in thousandths of an em, for printable ASCII from space (32)
 * to tilde (126). Search engines show titles in Arial at about 20 px and cut them near 600 px.
 */
const ARIAL_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];

export const TITLE_FONT_PX = 20;
export const TITLE_MAX_PX = 600;

/** Full-width scripts (CJK, Hangul) take a whole em; other non-ASCII letters about an average Latin letter. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

export function textWidthPx(text: string, fontPx = TITLE_FONT_PX): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 32 && code <= 126) units += ARIAL_WIDTHS[code - 32] ?? 556;
    else if (WIDE.test(char)) units += 1000;
    else units += 556;
  }
  return Math.round((units / 1000) * fontPx);
}
