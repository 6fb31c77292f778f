import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PageReading } from "../../src/core/research/page-words";
import { pageTerms, relevanceTo } from "../../src/core/research/relevance";
import { keyTerms } from "../../src/core/research/terms";
import { sentenceStretches } from "../../src/core/text/sentences";
import { TermVocabulary, topicTerms } from "../../src/core/text/tokens";

/** Texts with what the scan and the sentence split turn on: joiners, dashes, CJK, astral characters, end marks. */
const unit = fc.constantFrom(
  ..."raised-bed bed Bed's soil-mix iPhone-手机 ab-手 手-机 x-’y don't-stop -a a- – ‐ ‑ 漢字カ é😀 9-10".split(" "),
  " ",
  ". ",
  "? ",
  "\n\n",
  "Dr. ",
  "。",
  "’",
  "-",
);
const text = fc.oneof(
  fc.string(),
  fc.array(unit, { maxLength: 40 }).map((parts) => parts.join("")),
);

describe("a research run reads each page's words once", () => {
  it("reads a page's words sentence stretch by stretch as the words of the whole text", () => {
    fc.assert(
      fc.property(text, (input) => {
        const vocabulary = new TermVocabulary();
        const { ids, stretches } = new PageReading().of(input, vocabulary);
        expect(ids).toEqual(vocabulary.idsOf(input));
        const parts = sentenceStretches(input);
        expect(stretches).toHaveLength(parts.length);
        parts.forEach((part, i) => {
          expect(ids.slice(stretches[i], stretches[i + 1] ?? ids.length)).toEqual(vocabulary.idsOf(part));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("finds a text's terms with its dashes read as spaces from its words, as in the text with its dashes replaced", () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(pageTerms(input, new PageReading())).toEqual(topicTerms(input.replace(/[-‐‑–]/g, " ")));
      }),
      { numRuns: 3000 },
    );
    expect(pageTerms("9-10’漢字カ raised-bed", new PageReading())).toEqual(["10", "漢", "字", "カ", "rais", "bed"]);
  });

  it("scores relevance and key terms the same from a shared reading as from a reading of their own", () => {
    const words = fc.constantFrom("raised", "bed", "raised-bed", "garden", "soil", "compost", "Gardens", ". ", " ");
    const page = fc
      .array(words, { maxLength: 60 })
      .map((parts) => ({ title: "", headings: [], text: parts.join(" ") }));
    fc.assert(
      fc.property(fc.array(page, { minLength: 1, maxLength: 4 }), (pages) => {
        const reading = new PageReading();
        const shared = pages.map((p) => relevanceTo("raised bed garden", p, undefined, reading));
        expect(shared).toEqual(pages.map((p) => relevanceTo("raised bed garden", p)));
        expect(keyTerms(pages, "raised bed garden", 30, reading)).toEqual(keyTerms(pages, "raised bed garden"));
      }),
      { numRuns: 300 },
    );
  });
});
