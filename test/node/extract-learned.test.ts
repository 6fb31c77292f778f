import { describe, expect, it } from "vitest";
import { blockFeatures, decisionFeatures, decisionNames, FEATURE_NAMES } from "../../scripts/train-blocks/features";
import { type TreeModel, treeScore } from "../../scripts/train-blocks/model";
import { CONTEXT, pageBlocks, VOCABULARY_SHIFT } from "../../scripts/train-blocks/page-blocks";
import { VOCABULARY, vocabularyHits } from "../../scripts/train-blocks/vocabulary";
import { parseDocument } from "../../src/core/research/extract/dom";

const PROSE = "The article explains in plain words how the soil is prepared, watered and fed through the season.";

const PAGE = `<html><body>
  <nav><a href="/">Home</a> <a href="/news">News</a></nav>
  <h1>Growing beans</h1>
  <div id="story"><p>${PROSE}</p><ul><li>Soil</li><li>Water</li></ul></div>
  <div class="comment-list"><p>A reader's reply that says the beans grew well this year in the garden.</p></div>
</body></html>`;

function read(html: string) {
  const doc = parseDocument(html);
  const body = doc.body;
  const region = doc.querySelector("#story");
  return pageBlocks(body, region, (body?.textContent ?? "").length);
}

const vocabularyBit = (name: string) => 1 << (VOCABULARY_SHIFT + VOCABULARY.findIndex(([group]) => group === name));
const feature = (row: number[] | undefined, name: string) => row?.[FEATURE_NAMES.indexOf(name)];

describe("pageBlocks", () => {
  const blocks = read(PAGE);
  const byText = (start: string) => blocks.find((block) => block.text.startsWith(start));

  it("reads every block of the page in order, furniture included", () => {
    expect(blocks.map((block) => block.text)).toEqual([
      "Home News",
      "Growing beans",
      PROSE,
      "Soil",
      "Water",
      "A reader's reply that says the beans grew well this year in the garden.",
    ]);
  });

  it("says where each block stands against the region and how far it is from it in the tree", () => {
    expect(byText("Home")?.side).toBe("before");
    expect(byText("The article")?.side).toBe("inside");
    expect(byText("Soil")?.side).toBe("inside");
    expect(byText("A reader")?.side).toBe("after");
    expect(byText("The article")?.regionDistance).toBe(0);
    // h1 under body, the region a sibling of it: one step up to body, one down to the region.
    expect(byText("Growing")?.regionDistance).toBe(2);
    expect((byText("Soil")?.context ?? 0) & CONTEXT.inRegion).toBeTruthy();
  });

  it("marks furniture, links, lists and class words instead of leaving them out", () => {
    const menu = byText("Home")?.context ?? 0;
    expect(menu & CONTEXT.nav).toBeTruthy();
    expect(menu & CONTEXT.boilerplate).toBeTruthy();
    expect(menu & CONTEXT.link).toBeTruthy();
    expect(byText("Home")?.linkChars).toBe("Home News".length - 1);
    expect(byText("Soil")?.kind).toBe("item");
    expect((byText("Soil")?.context ?? 0) & CONTEXT.list).toBeTruthy();
    expect((byText("A reader")?.context ?? 0) & vocabularyBit("comment")).toBeTruthy();
    expect((byText("The article")?.context ?? 0) & vocabularyBit("comment")).toBeFalsy();
  });

  it("marks text a reader cannot see, which may repeat the article's words", () => {
    const doc = parseDocument(
      `<html><body><div style="display: none"><p>${PROSE}</p></div><p hidden>Hidden too</p><p>${PROSE}</p></body></html>`,
    );
    const [styled, attribute, shown] = pageBlocks(doc.body, null, 300);
    expect((styled?.context ?? 0) & CONTEXT.hidden).toBeTruthy();
    expect((attribute?.context ?? 0) & CONTEXT.hidden).toBeTruthy();
    expect((shown?.context ?? 0) & CONTEXT.hidden).toBeFalsy();
  });

  it("reads blocks after the page's end as after the region when the page has none", () => {
    const doc = parseDocument(`<html><body><p>${PROSE}</p></body></html>`);
    const [only] = pageBlocks(doc.body, null, PROSE.length);
    expect(only?.side).toBe("after");
    expect((only?.context ?? 0) & CONTEXT.inRegion).toBeFalsy();
  });
});

describe("vocabularyHits", () => {
  it("sets one bit per group a class or id word names", () => {
    const hits = vocabularyHits("comment-list sidebar");
    expect(hits & (vocabularyBit("comment") >> VOCABULARY_SHIFT)).toBeTruthy();
    expect(hits & (vocabularyBit("sidebar") >> VOCABULARY_SHIFT)).toBeTruthy();
    expect(hits & (vocabularyBit("ad") >> VOCABULARY_SHIFT)).toBeFalsy();
    expect(vocabularyHits("")).toBe(0);
  });

  it("reads ad only as a word of its own, not inside words such as header or shadow", () => {
    expect(vocabularyHits("page-header shadow") & (vocabularyBit("ad") >> VOCABULARY_SHIFT)).toBe(0);
    expect(vocabularyHits("top ad") & (vocabularyBit("ad") >> VOCABULARY_SHIFT)).toBeTruthy();
  });
});

describe("blockFeatures", () => {
  const blocks = read(PAGE);
  const rows = blockFeatures(blocks);

  it("gives every block one row of every named feature", () => {
    expect(rows).toHaveLength(blocks.length);
    for (const row of rows) expect(row).toHaveLength(FEATURE_NAMES.length);
  });

  it("reads link density, body text, sentence ends and the region from the block itself", () => {
    const [menu, heading, prose] = rows;
    expect(feature(menu, "linkDensity")).toBeCloseTo(8 / 9, 5);
    expect(feature(menu, "before")).toBe(1);
    expect(feature(prose, "body")).toBe(1);
    expect(feature(prose, "sentenceEnd")).toBe(1);
    expect(feature(prose, "inRegion")).toBe(1);
    expect(feature(heading, "heading")).toBe(1);
    expect(feature(heading, "headingLevel")).toBe(1);
    expect(feature(heading, "stopwords")).toBe(0);
    expect(feature(prose, "stopwords")).toBeGreaterThan(0.3);
  });

  it("reads the neighbours on each side, and none past the page's edges", () => {
    const [menu, heading] = rows;
    expect(feature(menu, "prev1.exists")).toBe(0);
    expect(feature(heading, "prev1.exists")).toBe(1);
    expect(feature(heading, "next1.body")).toBe(1);
    expect(feature(rows.at(-1), "next1.exists")).toBe(0);
  });

  it("measures the characters between a block and the body text before and after it", () => {
    const heading = rows[1];
    expect(feature(heading, "log.charsToBodyAfter")).toBe(0);
    expect(feature(rows[3], "log.charsToBodyBefore")).toBe(0);
    expect(feature(rows[4], "log.charsToBodyBefore")).toBeCloseTo(Math.log1p("Soil".length), 5);
  });
});

describe("decisionFeatures", () => {
  const blocks = read(PAGE);
  // Another reading kept the heading and the prose, not the menu, the list or the reply.
  const kept = [false, true, true, false, false, false];
  const rows = decisionFeatures(blocks, kept);
  const named = (row: number[] | undefined, name: string) => row?.[decisionNames("other").indexOf(`other.${name}`)];

  it("says whether each block was kept and whether it lies outside the span that was", () => {
    expect(rows.map((row) => named(row, "kept"))).toEqual([0, 1, 1, 0, 0, 0]);
    expect(rows.map((row) => named(row, "beforeFirst"))).toEqual([1, 0, 0, 0, 0, 0]);
    expect(rows.map((row) => named(row, "afterLast"))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it("measures the characters to the nearest kept block on each side, and the share of the page kept", () => {
    expect(named(rows[3], "log.charsToKeptBefore")).toBe(0);
    expect(named(rows[4], "log.charsToKeptBefore")).toBeCloseTo(Math.log1p("Soil".length), 5);
    expect(named(rows[0], "log.charsToKeptAfter")).toBe(0);
    const chars = blocks.map((block) => block.text.length);
    const share = ((chars[1] ?? 0) + (chars[2] ?? 0)) / chars.reduce((sum, value) => sum + value, 0);
    expect(named(rows[0], "pageShare")).toBeCloseTo(share, 5);
  });
});

describe("treeScore", () => {
  const model: TreeModel = {
    depth: 1,
    base: -1,
    trees: [
      { feature: [0], threshold: [0.5], leaf: [-2, 3] },
      { feature: [1], threshold: [10], leaf: [0.5, -0.5] },
    ],
  };

  it("adds to the base the leaf each tree sends the row to", () => {
    expect(treeScore(model, [0, 0])).toBeCloseTo(-1 - 2 + 0.5, 9);
    expect(treeScore(model, [1, 20])).toBeCloseTo(-1 + 3 - 0.5, 9);
  });

  it("sends a value equal to the threshold to the left", () => {
    expect(treeScore(model, [0.5, 10])).toBeCloseTo(-1 - 2 + 0.5, 9);
  });
});
