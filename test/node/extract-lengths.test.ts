import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cjkExtra, weightedLength } from "../../src/core/research/extract/classify";
import {
  collapsedLength,
  hasLongWhitespace,
  normalizedLength,
  normalizeSpace,
} from "../../src/core/research/extract/dom";

/** Every code unit `\s` matches, U+200B, and a mix of others, so that runs of each kind come up often. */
const PARTS = [
  " ",
  "\t",
  "\n",
  "\r",
  "\v",
  "\f",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u200a",
  "\u200b",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
  "\u0085",
  "\u180e",
  "a",
  "Z",
  "é",
  "日",
  "한",
  "𝒳",
  "\ud800",
];
const texts = fc.array(fc.constantFrom(...PARTS)).map((parts) => parts.join(""));

describe("normalizeSpace", () => {
  const everyRun = (text: string) => text.replace(/[\s\u00a0\u200b]+/g, " ").trim();

  it("gives what replacing every whitespace run with one space and trimming gives", () => {
    for (let code = 0; code < 0x10000; code++) {
      const character = String.fromCharCode(code);
      for (const text of [` x${character}y `, `x ${character}y`, `x${character} y`, `${character}${character}x`]) {
        expect(normalizeSpace(text)).toBe(everyRun(text));
      }
    }
    fc.assert(
      fc.property(texts, (text) => normalizeSpace(text) === everyRun(text)),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => normalizeSpace(text) === everyRun(text)),
      { numRuns: 2000 },
    );
  });
});

describe("lengths counted without building the string", () => {
  it("normalizedLength is the length of normalizeSpace's result", () => {
    for (let code = 0; code < 0x10000; code++) {
      const text = ` x${String.fromCharCode(code)}y `;
      expect(normalizedLength(text)).toBe(normalizeSpace(text).length);
    }
    fc.assert(
      fc.property(texts, (text) => normalizedLength(text) === normalizeSpace(text).length),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => normalizedLength(text) === normalizeSpace(text).length),
      { numRuns: 2000 },
    );
  });

  it("collapsedLength is the length of the text with its whitespace runs collapsed and trimmed", () => {
    const collapsed = (text: string) => text.replace(/\s+/g, " ").trim().length;
    for (let code = 0; code < 0x10000; code++) {
      const text = ` x${String.fromCharCode(code)}y `;
      expect(collapsedLength(text)).toBe(collapsed(text));
    }
    fc.assert(
      fc.property(texts, (text) => collapsedLength(text) === collapsed(text)),
      { numRuns: 3000 },
    );
  });

  it("cjkExtra skips the match only where no character could be CJK", () => {
    // Each code unit below U+1100 beside a Hangul jamo: the match runs, and only the jamo counts.
    for (let code = 0; code < 0x1100; code++) {
      expect(cjkExtra(`${String.fromCharCode(code)}\u1100`)).toBe(2);
    }
    expect(cjkExtra("plain text")).toBe(0);
    expect(weightedLength("山 a")).toBe(5);
    expect(weightedLength("ひらがな")).toBe(12);
  });

  it("cjkExtra counts what the CJK pattern matches, every code point and astral ideographs included", () => {
    const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
    const byPattern = (text: string) => 2 * (text.match(CJK)?.length ?? 0);
    for (let code = 0; code < 0x10000; code += 3) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(cjkExtra(text)).toBe(byPattern(text));
    }
    const unit = fc.constantFrom("a", " ", "山", "ひ", "カ", "한", "\u{20000}", "\u{1f600}", "\ud840", "\udc00", "é");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => cjkExtra(units.join("")) === byPattern(units.join(""))),
      { numRuns: 2000 },
    );
  });
});

describe("hasLongWhitespace", () => {
  const longRun = /\s{65,}/;
  /** Runs of white space around the bound (64, 65) and far shorter, between other characters. */
  const runs = fc
    .array(
      fc.oneof(
        fc.constantFrom(...PARTS),
        fc
          .tuple(fc.constantFrom(...PARTS), fc.constantFrom(1, 2, 63, 64, 65, 66, 130))
          .map(([part, n]) => part.repeat(n)),
      ),
    )
    .map((parts) => parts.join(""));

  it("finds a run of more than 64 white-space characters exactly where the expression does", () => {
    expect(hasLongWhitespace(" ".repeat(64))).toBe(false);
    expect(hasLongWhitespace(" ".repeat(65))).toBe(true);
    expect(hasLongWhitespace(`a${" \n\t".repeat(22)}b`)).toBe(true);
    expect(hasLongWhitespace(`${" ".repeat(64)}x${" ".repeat(64)}`)).toBe(false);
    expect(hasLongWhitespace(`${"ab ".repeat(40)}${"\u3000".repeat(65)}`)).toBe(true);
    fc.assert(
      fc.property(runs, (text) => hasLongWhitespace(text) === longRun.test(text)),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(texts, (text) => hasLongWhitespace(text) === longRun.test(text)));
  });
});
