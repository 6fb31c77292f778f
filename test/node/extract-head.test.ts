import { describe, expect, it } from "vitest";
import { articleHead } from "../../src/core/research/extract/article-head";
import { parseDocument } from "../../src/core/research/extract/dom";

/** The texts of the elements `articleHead` finds in `body`, given the page's title. */
function headOf(body: string, title: string, skip: (tag: string) => boolean = () => false): string[] {
  const doc = parseDocument(`<html><body>${body}</body></html>`);
  const region = doc.body as NonNullable<typeof doc.body>;
  return [...articleHead(region, title, (element) => skip(element.localName))].map(
    (element) => element.textContent ?? "",
  );
}

const TEXT = "<p>Raised beds warm early in spring, drain well after rain and keep the soil loose for roots.</p>";

describe("articleHead", () => {
  it("finds the headline that repeats the page's title, and the short byline", () => {
    const body = `<div><h1>Raised beds for beginners</h1><p class="byline">By Sam Reed, 2 May</p></div>${TEXT}`;
    expect(headOf(body, "Raised beds for beginners | Garden Notes")).toEqual([
      "Raised beds for beginners",
      "By Sam Reed, 2 May",
    ]);
  });

  it("knows a byline by rel or itemprop as well as by class or id words", () => {
    expect(headOf(`<a rel="author" href="/sam">Sam Reed</a>${TEXT}`, "")).toEqual(["Sam Reed"]);
    expect(headOf(`<span itemprop="author">Sam Reed</span>${TEXT}`, "")).toEqual(["Sam Reed"]);
    expect(headOf(`<div id="dateline">Leeds, 2 May</div>${TEXT}`, "")).toEqual(["Leeds, 2 May"]);
  });

  it("keeps a heading with words the title lacks, a heading below h2, and a long author box", () => {
    const bio = `<div class="author-box">Sam Reed ${"has grown vegetables on an allotment for twenty years. ".repeat(3)}</div>`;
    const body = `<h2>Choosing timber for the frame</h2><h3>Raised beds for beginners</h3>${TEXT}${bio}`;
    expect(headOf(body, "Raised beds for beginners")).toEqual([]);
  });

  it("takes only the first headline and the first byline, and none from what the reading leaves out", () => {
    const body = `<aside><h1>Raised beds</h1></aside><h1>Raised beds</h1><h2>Raised beds</h2><p class="author">Sam</p><p class="author">Kim</p>`;
    expect(headOf(body, "Raised beds", (tag) => tag === "aside")).toEqual(["Raised beds", "Sam"]);
  });
});
