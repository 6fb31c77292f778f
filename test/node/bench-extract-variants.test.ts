import { describe, expect, it } from "vitest";
import { VARIANTS, variant } from "../../bench/lib/extract-variants.mjs";

const PAGE = `<html><body class="home"><div id='main' class=wrap data-x="1"><p class="lead">The class = "x" in text
  stays.</p><P>Second</P><pre>a <b id=y>b</b></pre><img src="a.png" alt='id="z"'></div></body></html>`;

describe("bench:extract's markup variants", () => {
  it("takes class and id attributes out of tags only, whatever their quoting, and keeps the rest", () => {
    const html = variant("no-names")(PAGE);
    expect(html).not.toMatch(/<[^>]*\s(?:class|id)\s*=/i);
    expect(html).toContain('The class = "x" in text');
    expect(html).toContain('<div data-x="1">');
    expect(html).toContain(`alt='id="z"'`);
    expect(html).toContain("<b>b</b>");
  });

  it("sets paragraphs as divisions, in either case, and leaves other tags starting with p alone", () => {
    const html = variant("no-paragraphs")(PAGE);
    expect(html).not.toMatch(/<\/?p[\s>]/i);
    expect(html).toContain('<div class="lead">The class');
    expect(html).toContain("<div>Second</div>");
    expect(html).toContain("<pre>");
  });

  it("leaves the page as served by default and names the variants there are for an unknown one", () => {
    expect(VARIANTS["as-served"]?.(PAGE)).toBe(PAGE);
    expect(() => variant("shuffled")).toThrow(/as-served, no-names, no-paragraphs/);
  });
});
