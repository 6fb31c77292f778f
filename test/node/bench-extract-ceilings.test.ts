import { describe, expect, it } from "vitest";
import { ceilings, foundLines } from "../../bench/lib/extract-ceilings.mjs";
import { conventions } from "../../bench/lib/extract-conventions.mjs";

const ARTICLE = [
  "Raised beds warm up early in spring and drain well after rain.",
  "Fill them with a mix of topsoil and compost, about half and half.",
  "Water deeply twice a week once summer comes.",
].join("\n");

describe("bench:extract's ceilings", () => {
  it("marks a line found when most of its tokens lie in shingles the truth holds, each truth shingle used once", () => {
    const reading = ["Share this story on your feed", ARTICLE, "Share this story on your feed"].join("\n");
    const { lines } = foundLines(`Share this story on your feed\n${ARTICLE}`, reading);
    expect(lines.map(({ found }) => found)).toEqual([true, true, true, true, false]);
  });

  it("scores trimming, adding the page's left-out blocks, and the better of two readings against the truth", () => {
    const page = { id: "p", dataset: "d", truth: ARTICLE };
    const ours = ["Home News Garden Contact us today", ...ARTICLE.split("\n").slice(0, 2)].join("\n");
    const baseline = ARTICLE;
    const blocks = ["Home News Garden Contact us today", ...ARTICLE.split("\n"), "Copyright 2026 the garden site"];
    const [trim, add, both, best] = ceilings([page], [ours], [baseline], () => blocks);
    expect(trim.name).toBe("trim");
    expect(trim.all.precision).toBe(1);
    expect(trim.all.recall).toBeLessThan(1);
    expect(add.all.recall).toBe(1);
    expect(add.all.precision).toBeLessThan(1);
    expect(both.all.f1).toBe(1);
    expect(best.all.f1).toBe(1);
  });
});

describe("bench:extract's conventions", () => {
  it("gives, per part and dataset, the share of the part's text the truth keeps, nested parts counted once", () => {
    const html = `<html><body><h1>One cedar bed for every yard</h1>
      <article><p>${ARTICLE}</p><figure><figcaption>A cedar bed in early spring sun</figcaption></figure>
      <div class="comments"><div class="comment">Great post, thanks for sharing it with us</div></div></article></body></html>`;
    const pages = [
      { dataset: "keeps-headline", truth: `One cedar bed for every yard\n${ARTICLE}`, html },
      { dataset: "body-only", truth: ARTICLE, html },
    ];
    const table = conventions(pages, [
      ["headline", "h1"],
      ["caption", "figcaption"],
      ["comments", "[class*=comment]"],
    ]);
    expect(table.get("headline")?.get("keeps-headline")).toEqual({ pages: 1, shingles: 3, kept: 3 });
    expect(table.get("headline")?.get("body-only")?.kept).toBe(0);
    expect(table.get("caption")?.get("body-only")).toEqual({ pages: 1, shingles: 4, kept: 0 });
    expect(table.get("comments")?.get("body-only")?.shingles).toBe(5);
  });
});
