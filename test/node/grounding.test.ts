import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimsOf } from "../../src/core/quality/claims";
import { grounding } from "../../src/core/quality/grounding";
import { indexOkSources, numbersOf } from "../../src/core/quality/source-index";
import { article, source } from "../quality-fixtures";

const judge = (
  body: string,
  sources: ReturnType<typeof source>[],
  citations = [] as { marker: number; sourceId: number }[],
) =>
  grounding(
    article({
      intro: body,
      sections: [{ heading: "More", level: 2, body: "Nothing cited here." }],
      citations: citations.map((c) => ({ ...c, location: "intro" })),
    }),
    indexOkSources(sources),
  );

describe("claims: which text a citation marker belongs to", () => {
  it("gives a marker written after the full stop to the sentence before it", () => {
    expect(claimsOf("“Beds drain well.” [1] “Expect $20 to $40 a year.” [6]", "intro")).toEqual([
      { location: "intro", text: "“Beds drain well.”", markers: [1] },
      { location: "intro", text: "“Expect $20 to $40 a year.”", markers: [6] },
    ]);
  });

  it("splits a sentence at its markers and lets side-by-side markers share a claim", () => {
    expect(claimsOf("Cedar lasts ten years [2], pine about five [3][4].", "intro")).toEqual([
      { location: "intro", text: "Cedar lasts ten years", markers: [2] },
      { location: "intro", text: ", pine about five", markers: [3, 4] },
    ]);
    expect(claimsOf("According to [5], cedar lasts ten years.", "x")[0]?.text).toBe(
      "According to, cedar lasts ten years.",
    );
  });
});

describe("grounding judges the sentence a citation belongs to", () => {
  const soil = source(
    1,
    "A good raised bed mix is one part compost to two parts topsoil. Coarse sand helps drainage in clay areas.",
  );
  const cost = source(
    6,
    "Running costs are modest. Expect $20 to $40 a year per bed for compost top-ups, mulch and seeds, plus water.",
  );

  it("does not blame the previous sentence's source for a verbatim quote (the demo's case)", () => {
    const body =
      "“A good raised bed mix is one part compost to two parts topsoil.” [1] “Expect $20 to $40 a year per bed for compost top-ups, mulch and seeds, plus water.” [6]";
    const check = judge(body, [soil, cost]);
    expect(check.findings).toEqual([]);
    expect(check.score).toBe(100);
  });

  it("still flags the number the cited source does not state", () => {
    const check = judge("Expect $20 to $90 a year per bed for compost top-ups, mulch and seeds, plus water [6].", [
      cost,
    ]);
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]?.message).toContain("states 90");
  });

  it("accepts a claim with several markers when any cited source supports it, through the citation list", () => {
    const body = "Coarse sand helps drainage in clay areas [2][3].";
    const citations = [
      { marker: 2, sourceId: 6 },
      { marker: 3, sourceId: 1 },
    ];
    expect(judge(body, [soil, cost], citations).findings).toEqual([]);
    expect(
      judge(
        body,
        [soil, cost],
        [
          { marker: 2, sourceId: 6 },
          { marker: 3, sourceId: 6 },
        ],
      ).findings,
    ).toHaveLength(1);
  });

  it("normalises numbers for thousands separators, decimals and units", () => {
    expect(numbersOf("$1,200 for a 24-inch bed at pH 6.0, 30%")).toEqual(["1200", "24", "6", "30"]);
  });
});

/** Sources with their own vocabulary: source i's words never appear in another source. */
function generatedSources(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const words = Array.from({ length: 64 }, (_, w) => `w${w}${String.fromCharCode(97 + i)}x`);
    const sentences = Array.from({ length: 8 }, (_, j) => {
      const picked = Array.from({ length: 8 }, (_, k) => words[j * 8 + k]);
      return `The ${picked.join(" ")} measured ${(i + 1) * 100 + j} units.`;
    });
    return { id: i + 1, sentences, source: source(i + 1, sentences.join(" ")) };
  });
}

describe("grounding over generated articles from known sources", () => {
  const pool = generatedSources(4);
  const layout = fc.array(
    fc.record({
      from: fc.integer({ min: 0, max: 3 }),
      sentence: fc.integer({ min: 0, max: 7 }),
      style: fc.constantFrom("after-stop", "before-stop", "quoted", "grouped"),
    }),
    { minLength: 1, maxLength: 8 },
  );
  const cite = (s: string, id: number, style: string) => {
    const bare = s.replace(/\.$/, "");
    if (style === "after-stop") return `${s} [${id}]`;
    if (style === "before-stop") return `${bare} [${id}].`;
    if (style === "quoted") return `“${s}” [${id}]`;
    return `${bare} [${(id % 4) + 1}, ${id}].`;
  };

  it("finds every verbatim sentence supported, however its marker is placed", () => {
    fc.assert(
      fc.property(layout, (items) => {
        const body = items
          .map(({ from, sentence, style }) => cite(pool[from]?.sentences[sentence] ?? "", from + 1, style))
          .join(" ");
        const check = judge(
          body,
          pool.map((p) => p.source),
        );
        expect(check.findings).toEqual([]);
      }),
    );
  });

  it("flags a sentence cited to a source it does not come from, or with a changed number", () => {
    fc.assert(
      fc.property(layout, fc.integer({ min: 0, max: 7 }), fc.boolean(), (items, planted, changeNumber) => {
        const honest = items.map(({ from, sentence }) => `${pool[from]?.sentences[sentence]} [${from + 1}]`);
        const original = pool[0]?.sentences[planted] ?? "";
        const claim = changeNumber
          ? `${original.replace(/measured (\d+)/, (_m, n) => `measured ${Number(n) + 7}`)} [1]`
          : `${original} [2]`;
        const check = judge(
          [...honest, claim].join(" "),
          pool.map((p) => p.source),
        );
        expect(check.findings).toHaveLength(1);
      }),
    );
  });
});
