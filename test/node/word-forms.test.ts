import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sourceWords } from "../../src/core/quality/source-index";
import type { Source } from "../../src/core/research/types";
import { normalizeWord, TermVocabulary, words, wordTopicTerms } from "../../src/core/text/tokens";
import { sourceSentences } from "../../src/core/writing/extractive/sentences";
import { compostSources } from "../writing-fixtures";

const unit = fc.constantFrom(
  ..."Soil soil SOIL Don’t don't raised-bed İstanbul ΟΔΟΣ Straße 漢字カ é😀 x 10".split(" "),
  " ",
  ". ",
  "? ",
  "\n",
  "’",
  "-",
);
const text = fc.oneof(
  fc.string(),
  fc.array(unit, { maxLength: 40 }).map((parts) => parts.join("")),
);

describe("words read as ids of the term vocabulary", () => {
  it("gives a text's normalised words as the tokeniser and normalizeWord give them", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), (texts) => {
        // One vocabulary across texts: words seen before are found, not read anew.
        const vocabulary = new TermVocabulary();
        for (const input of texts) expect(vocabulary.normalWords(input)).toEqual(words(input).map(normalizeWord));
      }),
      { numRuns: 2000 },
    );
  });

  it("indexes a source's words as its normalised words", () => {
    for (const source of compostSources()) expect(sourceWords(source)).toEqual(words(source.text).map(normalizeWord));
  });

  it("gives each quotable sentence the word count, topical terms and normal forms of its words", () => {
    const sentence = fc.array(unit, { minLength: 8, maxLength: 30 }).map((parts) => `${parts.join(" ")}.`);
    const check = (paragraphs: string[]) => {
      const base = compostSources()[0] as Source;
      for (const s of sourceSentences({ ...base, paragraphs })) {
        const split = words(s.text);
        expect(s.words).toBe(split.length);
        expect(s.tokens).toEqual(wordTopicTerms(split));
        expect(s.normalized).toEqual(split.map(normalizeWord));
      }
    };
    for (const source of compostSources()) check(source.paragraphs);
    fc.assert(
      fc.property(
        fc.array(
          fc.array(sentence, { maxLength: 4 }).map((s) => s.join(" ")),
          { maxLength: 4 },
        ),
        check,
      ),
      { numRuns: 300 },
    );
  });
});
