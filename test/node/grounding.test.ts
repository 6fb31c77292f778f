import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimsOf } from "../../src/core/quality/claims";
import { grounding } from "../../src/core/quality/grounding";
import { multiWordNames } from "../../src/core/quality/names";
import { numbersOf } from "../../src/core/quality/numbers";
import { indexOkSources } from "../../src/core/quality/source-index";
import { words } from "../../src/core/text/tokens";
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

describe("grounding reads numbers written as words and names of several words", () => {
  const cedar = source(
    2,
    "Cedar boards last ten to 15 years in a raised bed. Colorado State University Extension suggests a dozen inches of soil for carrots. O’Brien’s Garden Supply sells kits.",
  );
  cedar.siteName = "Hewlett–Packard Gardens";

  it("reads number words: units, tens, compounds, scales, a dozen, and a half", () => {
    expect(numbersOf("Cedar lasts twelve years")).toEqual(["12"]);
    expect(numbersOf("twenty-five or twenty five, two hundred and fifty, three thousand five hundred")).toEqual([
      "25",
      "25",
      "250",
      "3500",
    ]);
    expect(numbersOf("a dozen eggs, two dozen more, one and a half inches, half a cup")).toEqual([
      "12",
      "24",
      "1.5",
      "0.5",
    ]);
    expect(numbersOf("$3 million and 1.5 billion")).toEqual(["3000000", "1500000000"]);
  });

  it("asks nothing of a lone 'one' or 'half' in a claim, but finds a claim's 1 or 50% in a source's words", () => {
    expect(numbersOf("one of the best; half the beds")).toEqual([]);
    expect(numbersOf("one of the best; half the beds", true)).toEqual(["1", "0.5", "50"]);
  });

  it("supports a figure written as a word in the claim or in the source, and flags a changed word", () => {
    expect(judge("Cedar boards last ten to fifteen years in a raised bed [2].", [cedar]).findings).toEqual([]);
    expect(
      judge("Colorado State University Extension suggests 12 inches of soil for carrots [2].", [cedar]).findings,
    ).toEqual([]);
    const changed = judge("Cedar boards last twenty to 15 years in a raised bed [2].", [cedar]);
    expect(changed.findings).toHaveLength(1);
    expect(changed.findings[0]?.message).toContain("states 20");
  });

  it("flags a near-verbatim quote whose number word was changed", () => {
    const long = source(
      3,
      "Most gardeners who build a raised bed out of untreated cedar boards find that the boards last for about ten years before they rot.",
    );
    const check = judge(
      "Most gardeners who build a raised bed out of untreated cedar boards find that the boards last for about twenty years before they rot [3].",
      [long],
    );
    expect(check.findings).toHaveLength(1);
  });

  it("supports a name the cited source states, however quotes and dashes are set, and flags one it does not", () => {
    expect(judge("O'Brien's Garden Supply sells kits [2].", [cedar]).findings).toEqual([]);
    expect(judge("Kits come from Hewlett-Packard Gardens and O’Brien’s Garden Supply [2].", [cedar]).findings).toEqual(
      [],
    );
    const wrong = judge("Oregon State University Extension suggests a dozen inches of soil for carrots [2].", [cedar]);
    expect(wrong.findings).toHaveLength(1);
    expect(wrong.findings[0]?.message).toContain('names "oregon state university extension"');
  });
});

const ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"];
const TEENS = ["twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** A number below 10,000 in words, in one of the ways prose writes it. */
function inWords(n: number, hyphen: boolean, and: boolean): string {
  const below100 = (x: number) =>
    x < 12
      ? (ONES[x] as string)
      : x < 20
        ? (TEENS[x - 12] as string)
        : `${TENS_WORDS[Math.floor(x / 10)]}${x % 10 ? `${hyphen ? "-" : " "}${ONES[x % 10]}` : ""}`;
  const below1000 = (x: number) =>
    x < 100
      ? below100(x)
      : `${ONES[Math.floor(x / 100)]} hundred${x % 100 ? `${and ? " and" : ""} ${below100(x % 100)}` : ""}`;
  return n < 1000
    ? below1000(n)
    : `${below1000(Math.floor(n / 1000))} thousand${n % 1000 ? ` ${below1000(n % 1000)}` : ""}`;
}

describe("grounding over generated articles with numbers in words and names", () => {
  const figures = fc.record({
    n: fc.integer({ min: 2, max: 9999 }),
    hyphen: fc.boolean(),
    and: fc.boolean(),
    shift: fc.integer({ min: 1, max: 50 }),
  });
  const stated = (n: number) =>
    source(1, `Rain fell here. The old tank held ${n.toLocaleString("en-US")} litres of water.`);

  it("supports a source's figure written in words, and flags another figure in words", () => {
    fc.assert(
      fc.property(figures, ({ n, hyphen, and, shift }) => {
        const written = inWords(n, hyphen, and);
        expect(numbersOf(written)).toEqual([String(n)]);
        expect(judge(`The old tank held ${written} litres of water [1].`, [stated(n)]).findings).toEqual([]);
        const other = inWords(n + shift, hyphen, and);
        expect(judge(`The old tank held ${other} litres of water [1].`, [stated(n)]).findings).toHaveLength(1);
      }),
    );
  });

  const nameWord = fc.constantFrom("Alder", "Birch", "Cedar", "Delta", "Elm", "Fern", "Grove", "Heath", "Iris");
  const names = fc.uniqueArray(fc.tuple(nameWord, nameWord, fc.constantFrom("Farm", "Society", "Institute")), {
    minLength: 2,
    maxLength: 2,
    selector: (t) => t.join(" "),
  });
  const typeset = (name: string, curly: boolean, dash: boolean) =>
    `${name.replace(" ", dash ? "–" : "-")}${curly ? "’" : "'"}s`;

  it("supports a name the cited source states however it is typeset, and flags another source's name", () => {
    fc.assert(
      fc.property(names, fc.boolean(), fc.boolean(), (pair, curly, dash) => {
        const [own, stranger] = pair.map((t) => t.join(" ")) as [string, string];
        const cited = source(
          1,
          `Soil was tested in spring. ${typeset(own, !curly, !dash)} trial beds drained well after rain.`,
        );
        const honest = `${typeset(own, curly, dash)} trial beds drained well after rain [1].`;
        expect(judge(honest, [cited]).findings).toEqual([]);
        const swapped = `${typeset(stranger, curly, dash)} trial beds drained well after rain [1].`;
        const check = judge(swapped, [cited]);
        expect(check.findings).toHaveLength(1);
        expect(check.findings[0]?.message).toContain("names");
      }),
    );
  });
});

describe("names a claim states", () => {
  it("reads runs of capitalised words, not the capital a sentence opens with", () => {
    const names = (text: string) => multiWordNames(words(text));
    expect(names("Colorado State University recommends a soil test")).toEqual(["colorado state university"]);
    expect(names("The Royal Horticultural Society’s advice")).toEqual(["royal horticultural society"]);
    expect(names("Last March the beds flooded")).toEqual([]);
    expect(names("Kits come from Bank of America and Hewlett–Packard Gardens")).toEqual([
      "bank of america",
      "hewlett packard gardens",
    ]);
  });
});
