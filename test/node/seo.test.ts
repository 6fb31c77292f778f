import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fleschOfText } from "../../src/core/seo/flesch";
import { analyzeSeo, type SeoInput } from "../../src/core/seo/index";
import { textWidthPx } from "../../src/core/seo/pixel-width";
import { MAX_CONTAINER_DEPTH, shallowContainers } from "../../src/core/text/markdown";
import { sentences } from "../../src/core/text/sentences";
import { words } from "../../src/core/text/tokens";

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => ["simple", "words", "make", "reading", "easy", "for", "every", "person"][i % 8]);

/** A body of exactly `total` words in short sentences, with `hits` of them being the one-word keyphrase. */
function body(total: number, hits: number, keyphrase = "widget"): string {
  const tokens = filler(total - hits);
  for (let i = 0; i < hits; i++) tokens.splice(Math.floor((i * tokens.length) / Math.max(1, hits)), 0, keyphrase);
  const sentences: string[] = [];
  for (let i = 0; i < tokens.length; i += 8) sentences.push(`${tokens.slice(i, i + 8).join(" ")}.`);
  return `<p>${sentences.join(" ")}</p>`;
}

const base: SeoInput = { content: body(400, 4), format: "html", keyphrase: "widget" };
const check = (input: Partial<SeoInput>, id: string) => {
  const found = analyzeSeo({ ...base, ...input }).checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

/** A title of exactly `n` characters built from ordinary words, starting with the keyphrase. */
function titleOf(n: number): string {
  return "Widget care: the practical guide to keeping your widgets clean, quiet and working".slice(0, n);
}

describe("title checks", () => {
  it("accepts 59 and 60 characters and asks to shorten 61", () => {
    for (const n of [59, 60, 61]) expect([...titleOf(n).trim()].length).toBe(n);
    expect(textWidthPx(titleOf(61))).toBeLessThan(600);
    expect(check({ title: titleOf(59) }, "titleLength").status).toBe("good");
    expect(check({ title: titleOf(60) }, "titleLength").status).toBe("good");
    expect(check({ title: titleOf(61) }, "titleLength").status).toBe("improve");
  });

  it("flags a title under 60 characters whose estimated width passes 600 px", () => {
    const wide = "WIDGET MAXIMUM WARRANTY MEMBERSHIP OWNERS GUIDE WWW";
    expect(wide.length).toBeLessThanOrEqual(60);
    const result = check({ title: wide }, "titleLength");
    expect(result.status).toBe("improve");
    expect((result.value as { pixels: number }).pixels).toBeGreaterThan(600);
  });

  it("wants the keyphrase at the start of the title, accepting a plural form", () => {
    expect(check({ title: "Widgets: the complete care guide for owners" }, "titleKeyphrase").status).toBe("good");
    expect(check({ title: "The complete care guide for widget owners" }, "titleKeyphrase").status).toBe("improve");
    expect(check({ title: "The complete care guide for owners" }, "titleKeyphrase").status).toBe("problem");
  });
});

describe("meta description checks", () => {
  const meta = (n: number) => `Widget care explained: ${"x".repeat(200)}`.slice(0, n);
  it.each([
    [119, "improve"],
    [120, "good"],
    [160, "good"],
    [161, "improve"],
    [0, "problem"],
  ])("a %i-character meta description is %s", (n, status) => {
    expect(check({ metaDescription: meta(n) }, "metaDescriptionLength").status).toBe(status);
  });

  it("wants the keyphrase once or twice", () => {
    expect(
      check({ metaDescription: "All about widgets and how to care for them." }, "metaDescriptionKeyphrase").status,
    ).toBe("good");
    expect(check({ metaDescription: "All about gadgets." }, "metaDescriptionKeyphrase").status).toBe("problem");
    expect(check({ metaDescription: "Widget. Widget. Widget." }, "metaDescriptionKeyphrase").status).toBe("improve");
  });
});

describe("keyphrase density", () => {
  it("is good at exactly 0.5% and asks for more just below", () => {
    expect(check({ content: body(200, 1) }, "keyphraseDensity").status).toBe("good");
    expect(check({ content: body(201, 1) }, "keyphraseDensity").status).toBe("improve");
  });

  it("is good at exactly 3% and warns just above", () => {
    expect(check({ content: body(100, 3) }, "keyphraseDensity").status).toBe("good");
    expect(check({ content: body(99, 3) }, "keyphraseDensity").status).toBe("improve");
    expect(check({ content: body(100, 6) }, "keyphraseDensity").status).toBe("problem");
  });

  it("counts plural forms and synonyms", () => {
    const plural = check({ content: body(200, 1, "widgets") }, "keyphraseDensity");
    expect((plural.value as { count: number }).count).toBe(1);
    const synonym = check({ content: body(200, 1, "gizmo"), synonyms: ["gizmo"] }, "keyphraseDensity");
    expect((synonym.value as { count: number }).count).toBe(1);
    expect(check({ content: body(200, 0) }, "keyphraseDensity").status).toBe("problem");
  });

  it("counts headings, in occurrences and in words", () => {
    const result = check({ content: `<h2>Widget care</h2>${body(198, 0)}` }, "keyphraseDensity");
    expect(result.value).toEqual({ count: 1, density: 0.5, words: 200 });
    expect(result.status).toBe("good");
  });

  it("counts a multi-word keyphrase once per sentence that holds all its words", () => {
    const content = "<p>Cat food is tasty. Cats love their food. Food is not for dogs.</p>";
    const result = check({ content, keyphrase: "cat food" }, "keyphraseDensity");
    expect((result.value as { count: number }).count).toBe(2);
  });
});

describe("heading checks", () => {
  it("wants exactly one H1", () => {
    expect(check({ content: "<h1>Widgets</h1><p>Text.</p>" }, "singleH1").status).toBe("good");
    expect(check({ content: "<p>No heading.</p>" }, "singleH1").status).toBe("improve");
    expect(check({ content: "<h1>One</h1><h1>Two</h1><p>x</p>" }, "singleH1").status).toBe("problem");
  });

  it("flags an H2 → H4 skip but not H2 → H3 → H2", () => {
    expect(check({ content: "<h1>a</h1><h2>b</h2><h4>c</h4>" }, "headingHierarchy").status).toBe("improve");
    expect(check({ content: "<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>" }, "headingHierarchy").status).toBe("good");
  });

  it("wants the keyphrase in some subheadings, not all", () => {
    const some = "<h2>Widget basics</h2><p>x</p><h2>Cleaning</h2><p>y</p><h2>Storage</h2>";
    const all = "<h2>Widget basics</h2><h2>Widget cleaning</h2><h2>Widget storage</h2><h2>Widgets</h2>";
    expect(check({ content: some }, "subheadingKeyphrase").status).toBe("good");
    expect(check({ content: all }, "subheadingKeyphrase").status).toBe("improve");
    expect(check({ content: "<h2>Cleaning</h2><h2>Storage</h2>" }, "subheadingKeyphrase").status).toBe("problem");
    expect(check({ content: body(200, 2) }, "subheadingKeyphrase").status).toBe("improve");
    expect(check({ content: body(400, 4) }, "subheadingKeyphrase").status).toBe("problem");
    const few = `<h2>Widget basics</h2>${"<h2>Other</h2>".repeat(4)}`;
    expect(check({ content: few }, "subheadingKeyphrase").status).toBe("improve");
  });
});

describe("placement, length and links", () => {
  it("finds the keyphrase in the introduction and in the slug", () => {
    expect(check({ content: "<p>Widgets need care.</p><p>More.</p>" }, "introductionKeyphrase").status).toBe("good");
    expect(check({ content: "<p>Care matters.</p><p>Widgets.</p>" }, "introductionKeyphrase").status).toBe("problem");
    expect(check({ slug: "widget-care" }, "slugKeyphrase").status).toBe("good");
    expect(check({ slug: "care-guide" }, "slugKeyphrase").status).toBe("improve");
    expect(check({ slug: "care-guide" }, "slugKeyphrase").score).toBeLessThan(
      check({ slug: "widget-guide-x" }, "slugKeyphrase").score,
    );
    expect(check({ slug: "a-very-long-slug-with-far-too-many-words" }, "slugLength").status).toBe("improve");
  });

  it("measures text length against the target or a 300-word floor", () => {
    expect(check({ content: body(300, 3) }, "textLength").status).toBe("good");
    expect(check({ content: body(299, 3) }, "textLength").status).toBe("improve");
    expect(check({ content: body(249, 3) }, "textLength").status).toBe("problem");
    expect(check({ content: body(900, 9), targetWords: 1000 }, "textLength").status).toBe("good");
    expect(check({ content: body(600, 6), targetWords: 1000 }, "textLength").status).toBe("problem");
  });

  it("flags paragraphs over 150 words", () => {
    const para = (n: number) => `<p>${filler(n).join(" ")}.</p>`;
    expect(check({ content: para(150) }, "paragraphLength").status).toBe("good");
    expect(check({ content: para(151) }, "paragraphLength").status).toBe("improve");
    expect(check({ content: para(151) + para(160) }, "paragraphLength").status).toBe("problem");
  });

  it("grades the share of sentences over 20 words", () => {
    const short = "Short words here. ";
    const long = `Long ${filler(20).join(" ")}. `;
    expect(check({ content: `<p>${long}${short.repeat(3)}</p>` }, "sentenceLength").status).toBe("good");
    expect(check({ content: `<p>${long.repeat(2)}${short.repeat(3)}</p>` }, "sentenceLength").status).toBe("problem");
  });

  it("tells outbound from internal links and checks alt text only when images exist", () => {
    const content = '<p><a href="https://other.org/a">x</a> <a href="/guide">y</a></p>';
    expect(check({ content }, "outboundLinks").value).toBe(1);
    expect(check({ content }, "internalLinks").value).toBe(1);
    expect(analyzeSeo({ ...base }).checks.some((c) => c.id === "imageAltText")).toBe(false);
    expect(check({ content: '<img src="a.png" alt="A widget"><img src="b.png">' }, "imageAltText").status).toBe(
      "improve",
    );
    expect(check({ content: '<img src="b.png">' }, "imageAltText").status).toBe("problem");
  });

  it("counts links to the page's own host as internal when the address is known", () => {
    const content = '<p><a href="https://www.example.com/other">x</a> <a href="https://other.org/">y</a></p>';
    expect(check({ content, url: "https://example.com/widgets/care" }, "internalLinks").value).toBe(1);
    expect(check({ content }, "internalLinks").value).toBe(0);
    expect(
      analyzeSeo({ ...base, url: "https://example.com/widgets/widget-care" }).checks.find(
        (c) => c.id === "slugKeyphrase",
      )?.status,
    ).toBe("good");
  });

  it("reads the text of malformed pages that nest a second <head> inside the body", () => {
    const content =
      "<html><head><title>T</title></head><body><html><head><p>Widgets are useful tools.</p></body></html>";
    expect(check({ content }, "keyphraseDensity").value).toMatchObject({ count: 1, words: 4 });
  });

  it("validates JSON-LD on whole pages and finds an FAQ", () => {
    const page = (ld: string) =>
      `<html><head><script type="application/ld+json">${ld}</script></head><body><h2>FAQ</h2></body></html>`;
    expect(check({ content: page('{"@context":"https://schema.org","@type":"Article"}') }, "jsonLdValid").status).toBe(
      "good",
    );
    expect(check({ content: page("{not json") }, "jsonLdValid").status).toBe("problem");
    expect(check({ content: page("{not json") }, "faqPresent").status).toBe("good");
    expect(analyzeSeo({ ...base }).checks.some((c) => c.id === "jsonLdValid")).toBe(false);
  });
});

describe("readability", () => {
  // Published scores: Wikipedia, "Flesch–Kincaid readability tests": "The cat sat on the mat." scores 116, and
  // "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature." scores 24.4.
  it("matches published Flesch reading ease scores", () => {
    expect(fleschOfText("The cat sat on the mat.")?.score).toBeCloseTo(116, -0.5);
    expect(
      fleschOfText("The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.")?.score,
    ).toBeCloseTo(24.4, 0);
  });

  it("reports transition words and passive voice for English", () => {
    const active = "<p>However, the team fixed the bug. For example, they wrote tests. Then they shipped it.</p>";
    const passive = "<p>The bug was fixed. The tests were written. The release was shipped by them.</p>";
    expect(check({ content: active }, "transitionWords").status).toBe("good");
    expect(check({ content: passive }, "transitionWords").status).toBe("problem");
    expect(check({ content: active }, "passiveVoice").status).toBe("good");
    expect(check({ content: passive }, "passiveVoice").status).toBe("problem");
  });

  it("skips the English word-list checks for other languages", () => {
    const ids = analyzeSeo({ ...base, content: "<p>Der Hund läuft schnell.</p>", language: "de" }).checks.map(
      (c) => c.id,
    );
    expect(ids).not.toContain("fleschReadingEase");
    expect(ids).not.toContain("passiveVoice");
    expect(ids).toContain("sentenceLength");
  });
});

describe("overall", () => {
  it("weights checks into a score and a grade, reading Markdown and HTML metadata alike", () => {
    const html = `<html><head><title>Widget care: a short guide</title><meta name="description" content="How to care for a widget."></head><body><h1>Widget care</h1>${body(400, 4)}</body></html>`;
    const report = analyzeSeo({ content: html, format: "html", keyphrase: "widget" });
    expect(report.checks.find((c) => c.id === "titleKeyphrase")?.status).toBe("good");
    expect(report.checks.find((c) => c.id === "metaDescriptionLength")?.value).toBe(25);
    const total = report.checks.reduce((s, c) => s + c.weight, 0);
    expect(report.score).toBe(Math.round(report.checks.reduce((s, c) => s + c.score * c.weight, 0) / total));
    const markdown = analyzeSeo({
      content: "# Widget care\n\nWidgets need care.",
      format: "markdown",
      keyphrase: "widget",
    });
    expect(markdown.checks.find((c) => c.id === "singleH1")?.status).toBe("good");
    expect(["A", "B", "C", "D", "F"]).toContain(markdown.grade);
  });
});

describe("input that only looks like a page", () => {
  it("reads a bare doctype as a fragment instead of throwing", () => {
    for (const content of ["<!doctype ", "<!DOCTYPE\t", "<html ", "<!-- x --><head "]) {
      const report = analyzeSeo({ content, format: "html", keyphrase: "raised bed" });
      expect(report.score).toBeGreaterThanOrEqual(0);
      expect(report.checks.find((c) => c.id === "jsonLdValid")).toBeUndefined();
    }
  });
});

describe("the body's sentences and paragraph lengths", () => {
  const piece = fc.constantFrom(
    "Dr.",
    "It",
    "rains",
    "3.5",
    "e.g.",
    "年",
    "。",
    "!",
    "?",
    ". ",
    " ",
    "\n",
    "\r\n",
    "\n \n",
    "é",
    "’s",
  );
  const paragraph = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));

  it("splits each paragraph as the whole body joined by blank lines would be split", () => {
    fc.assert(
      fc.property(fc.array(paragraph, { maxLength: 5 }), (paragraphs) => {
        expect(paragraphs.flatMap((p) => sentences(p))).toEqual(sentences(paragraphs.join("\n\n")));
        for (const p of paragraphs)
          expect(sentences(p).reduce((sum, s) => sum + words(s).length, 0)).toBe(words(p).length);
      }),
    );
  });

  it("counts a paragraph's words whatever its sentences", () => {
    const html = "<p>One two three. Four five!</p><p>Six seven eight nine ten eleven.</p>";
    const check = analyzeSeo({ content: html, format: "html", keyphrase: "two" }).checks.find(
      (c) => c.id === "paragraphLength",
    );
    expect(check?.value).toEqual({ paragraphs: 2, longest: 6, tooLong: 0 });
  });
});

describe("Markdown nested past any use", () => {
  it("cuts each line's run of quote and list markers to the bound, and leaves shallow lines alone", () => {
    const shallow = "> A quote\n> > nested once\n- a list\n  - nested\n1. one\nplain > text";
    expect(shallowContainers(shallow)).toBe(shallow);
    const deep = `${">".repeat(50)} deep quote\n${"> - ".repeat(20)}mixed\n${"1. ".repeat(30)}numbers`;
    const lines = shallowContainers(deep).split("\n");
    expect(lines[0]).toBe(`${">".repeat(MAX_CONTAINER_DEPTH)}deep quote`);
    expect(lines[1]).toBe(`${"> - ".repeat(MAX_CONTAINER_DEPTH / 2)}mixed`);
    expect(lines[2]).toBe(`${"1. ".repeat(MAX_CONTAINER_DEPTH)}numbers`);
  });

  it("analyses a line of a hundred thousand quote markers as the same line nested to the bound", () => {
    const text = "Raised bed garden soil warms early in spring and drains well after heavy rain.";
    const input = (depth: number): SeoInput => ({
      content: `# Raised bed garden\n\n${">".repeat(depth)} ${text}\n\n${text}`,
      format: "markdown",
      keyphrase: "raised bed garden",
    });
    const deep = analyzeSeo(input(100_000));
    expect(deep).toEqual(analyzeSeo(input(MAX_CONTAINER_DEPTH)));
    expect(deep.checks.find((check) => check.id === "textLength")?.value).toMatchObject({ words: 28 });
  });
});

describe("HTML past any use", () => {
  it("analyses 160,000 paragraphs and 80,000 nested elements, counting each paragraph and word", () => {
    const many = analyzeSeo({ content: "<p>Widget word. ".repeat(160_000), format: "html", keyphrase: "widget" });
    const paragraphs = many.checks.find((c) => c.id === "paragraphLength");
    expect(paragraphs?.value).toEqual({ paragraphs: 160_000, longest: 2, tooLong: 0 });
    const depth = 80_000;
    const nested = analyzeSeo({
      content: `${"<div>".repeat(depth)}<p>Widget care in depth. <a href="https://example.org/x">source</a></p>${"</div>".repeat(depth)}`,
      format: "html",
      keyphrase: "widget",
    });
    expect(nested.checks.find((c) => c.id === "textLength")?.value).toMatchObject({ words: 5 });
    expect(nested.checks.find((c) => c.id === "outboundLinks")?.value).toBe(1);
  });
});
