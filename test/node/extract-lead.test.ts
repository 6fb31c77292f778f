import { describe, expect, it } from "vitest";
import { segmentBlocks } from "../../src/core/research/extract/blocks";
import { parseDocument } from "../../src/core/research/extract/dom";
import { extractPage } from "../../src/core/research/extract/index";
import { headlineAbove } from "../../src/core/research/extract/lead";

const PARAGRAPHS = [
  "Raised beds warm early in spring, drain well after heavy rain and keep the soil loose for young roots all season.",
  "Build the frame from untreated larch or oak boards, thirty centimetres deep, and line the base with cardboard first.",
  "Fill the bed with two parts topsoil to one part compost, water it well and let it settle for a week before planting.",
  "Plant tall crops on the north side so they do not shade the rest, and leave a path wide enough to kneel beside it.",
];
const ARTICLE = `<div class="story">${PARAGRAPHS.map((text) => `<p>${text} ${text}</p>`).join("")}</div>`;
const TITLE = "Raised beds for beginners | Garden Notes";

function page(head: string, body: string): string {
  return `<html><head><title>${TITLE}</title>${head}</head><body><div id="menu"><a href="/">Home</a> <a href="/veg">Vegetables</a></div>${body}</body></html>`;
}

/** The blocks of `body` as the extractor segments them. */
function blocksOf(body: string) {
  const doc = parseDocument(`<html><body>${body}</body></html>`);
  return segmentBlocks(doc.body);
}

describe("headline above the article", () => {
  it("reads the headline and byline of an older layout as the article's first lines", () => {
    const text = extractPage(
      page("", `<h1>Raised beds for beginners</h1><p>By Sam Reed, 2 May 2012</p>${ARTICLE}`),
      "https://garden.example/beds",
    ).text;
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Raised beds for beginners",
      "By Sam Reed, 2 May 2012",
      `${PARAGRAPHS[0]} ${PARAGRAPHS[0]}`,
    ]);
  });

  it("leaves them out of a page laid out for small screens, whose header stands apart from the article", () => {
    const viewport = `<meta name="viewport" content="width=device-width, initial-scale=1">`;
    const text = extractPage(
      page(viewport, `<h1>Raised beds for beginners</h1><p>By Sam Reed, 2 May 2012</p>${ARTICLE}`),
      "https://garden.example/beds",
    ).text;
    expect(text.startsWith(PARAGRAPHS[0] as string)).toBe(true);
    expect(text).not.toContain("By Sam Reed");
  });

  it("leaves them out of a page that sets its parts apart with HTML5's header or article elements", () => {
    const layouts = [
      `<header><h1>Raised beds for beginners</h1><p>By Sam Reed, 2 May 2012</p></header>${ARTICLE}`,
      `<article><h1>Raised beds for beginners</h1><p>By Sam Reed, 2 May 2012</p>${ARTICLE}</article>`,
    ];
    for (const body of layouts) {
      const text = extractPage(page("", body), "https://garden.example/beds").text;
      expect(text.startsWith(PARAGRAPHS[0] as string)).toBe(true);
      expect(text).not.toContain("By Sam Reed");
    }
  });

  it("leaves out link-heavy lines between the headline and the article", () => {
    const page = blocksOf(
      `<h2><a href="/beds">Raised beds for beginners</a></h2><div><a href="/mail">Email</a> | <a href="/print">Print</a></div><p>Posted in <a href="/veg">Vegetables</a> on 2 May 2012 by the editors</p><p>${PARAGRAPHS[0]}</p><p>${PARAGRAPHS[1]}</p>`,
    );
    const kept = page.slice(3);
    expect(headlineAbove(page, kept, TITLE).map((block) => block.text)).toEqual([
      "Raised beds for beginners",
      "Posted in Vegetables on 2 May 2012 by the editors",
    ]);
  });

  it("leaves out page controls between the headline and the article", () => {
    const page = blocksOf(
      `<h1>Raised beds for beginners</h1><p>Article Tools</p><p>By Sam Reed</p><p>Text size</p><p>${PARAGRAPHS[0]}</p>`,
    );
    expect(headlineAbove(page, page.slice(4), TITLE).map((block) => block.text)).toEqual([
      "Raised beds for beginners",
      "By Sam Reed",
    ]);
  });

  it("takes a short line without links as the headline when the page sets it without a heading", () => {
    const page = blocksOf(`<div><b>Raised beds for beginners</b></div><p>${PARAGRAPHS[0]}</p>`);
    expect(headlineAbove(page, page.slice(1), TITLE).map((block) => block.text)).toEqual(["Raised beds for beginners"]);
  });

  it("finds nothing when no line repeats the title, the headline stands too far above, or the article already holds it", () => {
    const other = blocksOf(`<h1>Vegetables this week</h1><p>${PARAGRAPHS[0]}</p>`);
    expect(headlineAbove(other, other.slice(1), TITLE)).toEqual([]);
    const far = blocksOf(
      `<h1>Raised beds for beginners</h1><div>${"A long standfirst that goes on. ".repeat(15)}</div><p>${PARAGRAPHS[0]}</p>`,
    );
    expect(headlineAbove(far, far.slice(2), TITLE)).toEqual([]);
    const held = blocksOf(`<h1>Raised beds for beginners</h1><p>${PARAGRAPHS[0]}</p>`);
    expect(headlineAbove(held, held, TITLE)).toEqual([]);
    expect(headlineAbove(held, held.slice(1), "")).toEqual([]);
  });
});
