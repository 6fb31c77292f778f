import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { countWords, extractPage } from "../../src/core/research/extract";
import type { ExtractedPage } from "../../src/core/research/types";

interface SamplePage {
  id: string;
  url: string;
  html: string;
}

/** Dev-dataset pages read at config time; empty when ../shared is not checked out next to the repo. */
const samples: SamplePage[] = (() => {
  const raw = inject("extractionSamples");
  return raw ? (JSON.parse(raw) as SamplePage[]) : [];
})();

/** Per page: sentences of the article that must survive, and furniture (menus, comments, footers) that must not. */
const expectations: Record<string, { keeps: string[]; drops: string[] }> = {
  "cleaneval-final-161": {
    keeps: ["It's still one of the world's great wonders, a riot of architectural panache"],
    drops: ["Terms of Service/Privacy Policy", "Send comments to newmedia@seattlepi.com"],
  },
  "cleanportaleval-bbc_co_uk_news_01": {
    keeps: ["Popular DIY bloggers discuss balancing life with working from home"],
    drops: ["Related Internet links", "Advertise With Us", "is not responsible for the content of external sites"],
  },
  "cleanportaleval-blogs_wsj_com_brussels_01": {
    keeps: ["oil dollars have been converted into real estate"],
    drops: ["We welcome thoughtful comments from readers", "Real-time commentary and analysis from The Wall Street"],
  },
  "dragnet-295": {
    keeps: ["There can be little doubt that the US unemployment rate is at historical highs."],
    drops: ["by William Ross on November 14, 2010 at 5:02 pm"],
  },
  "dragnet-R151": {
    keeps: ["Advanced Battery Saver is one of the best solution to save your battery live."],
    drops: ["Leave a Reply", "Powered by WordPress and K2"],
  },
  "dragnet-R134": {
    keeps: ["Three conversations for parents: navigating networked publics"],
    drops: ["1 comment to Three conversations for parents", "Atahualpa Theme by BytesForAll"],
  },
};

const flat = (text: string) => text.replace(/\s+/g, " ");

describe("extractPage on real pages", () => {
  it.skipIf(samples.length === 0)("keeps the article and drops navigation, comments and footers", () => {
    expect(samples.map((page) => page.id).sort()).toEqual(Object.keys(expectations).sort());
    for (const page of samples) {
      const text = flat(extractPage(page.html, page.url).text);
      const { keeps, drops } = expectations[page.id] ?? { keeps: [], drops: [] };
      for (const sentence of keeps) expect(text, `${page.id} keeps`).toContain(sentence);
      for (const furniture of drops) expect(text, `${page.id} drops`).not.toContain(furniture);
    }
  });

  it.skipIf(samples.length > 0)("skips the real-page checks: ../shared/datasets/extraction-dev is absent", () => {
    expect(samples).toEqual([]);
  });
});

const ARTICLE = `<!doctype html><html lang="en-GB"><head>
<title> Growing  Tomatoes Indoors </title>
<meta name="description" content="How to grow tomatoes on a windowsill.">
<link rel="canonical" href="/guides/tomatoes?ref=feed#top">
<meta property="article:published_time" content="2024-03-05T08:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/guides">Guides</a> <a href="/about">About us</a></nav>
<article>
<h1>Growing tomatoes indoors</h1>
<p>Tomatoes need six to eight hours of direct light a day, so a south-facing windowsill is the best place in most homes.
Turn the pots every few days so the plants grow straight rather than leaning towards the glass.</p>
<h2>What you need</h2>
<ul><li>A pot at least twenty centimetres deep</li><li>Peat-free compost</li><li>A small cane for support</li></ul>
<p>Water when the top of the compost feels dry, and feed weekly with a <a href="https://example.org/feed">tomato feed</a>
once the first flowers open. Read <a href="mailto:x@example.com">our mailbox</a> or <a href="/guides/peppers">peppers</a>.</p>
<h3>Pollination</h3>
<p>Indoors there are no insects to move pollen, so tap the flower trusses gently every morning to help the fruit set.
A small brush works as well, and the plants will reward you with ripe tomatoes in late summer.</p>
</article>
<footer><p>Copyright 2024 Windowsill Gardens. All rights reserved. Privacy policy and terms of use apply.</p></footer>
</body></html>`;

describe("extractPage metadata", () => {
  const page = extractPage(ARTICLE, "https://garden.example.com/blog/post");

  it("reads title, description, canonical URL resolved against the page URL, and language", () => {
    expect(page.title).toBe("Growing Tomatoes Indoors");
    expect(page.metaDescription).toBe("How to grow tomatoes on a windowsill.");
    expect(page.canonicalUrl).toBe("https://garden.example.com/guides/tomatoes?ref=feed");
    expect(page.language).toBe("en-GB");
  });

  it("reads headings with levels, list items, paragraphs and counts words of the main text", () => {
    expect(page.headings).toEqual(
      expect.arrayContaining([
        { level: 2, text: "What you need" },
        { level: 3, text: "Pollination" },
      ]),
    );
    expect(page.lists).toEqual([
      ["A pot at least twenty centimetres deep", "Peat-free compost", "A small cane for support"],
    ]);
    expect(page.paragraphs.some((p) => p.startsWith("Tomatoes need six to eight hours"))).toBe(true);
    expect(page.text).toContain("tap the flower trusses gently");
    expect(page.text).not.toContain("All rights reserved");
    expect(page.text).not.toContain("About us");
    expect(page.wordCount).toBe(page.text.match(/[\p{L}\p{N}_]+/gu)?.length);
  });

  it("keeps only absolute http(s) links of the main content", () => {
    expect(page.links).toEqual([
      { href: "https://example.org/feed", text: "tomato feed" },
      { href: "https://garden.example.com/guides/peppers", text: "peppers" },
    ]);
  });

  it("reads the publish date from meta tags, JSON-LD and <time datetime>", () => {
    const body = "<body><p>Some words.</p></body>";
    const fromMeta = extractPage(
      `<head><meta property="article:published_time" content="2023-01-02T10:00:00+01:00"></head>${body}`,
      "https://a.example/",
    );
    const fromJsonLd = extractPage(
      `<head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
        {"@type":"NewsArticle","datePublished":"2022-06-30"}]}</script></head>${body}`,
      "https://a.example/",
    );
    const fromTime = extractPage(
      `<body><p>Words <time datetime="2021-12-24T18:00:00Z">Christmas Eve</time></p></body>`,
      "",
    );
    expect(fromMeta.publishedAt).toBe("2023-01-02T09:00:00.000Z");
    expect(fromJsonLd.publishedAt).toBe("2022-06-30T00:00:00.000Z");
    expect(fromTime.publishedAt).toBe("2021-12-24T18:00:00.000Z");
    expect(extractPage(`<head><meta name="date" content="not a date"></head>${body}`, "").publishedAt).toBeUndefined();
  });

  it("falls back to og:title and content-language when <title> and lang are missing", () => {
    const other = extractPage(
      `<head><meta property="og:title" content="Fallback title"><meta http-equiv="Content-Language" content="de-AT, en">
       <link rel="canonical" href="javascript:alert(1)"></head><body><p>Text.</p></body>`,
      "https://b.example/x",
    );
    expect(other.title).toBe("Fallback title");
    expect(other.language).toBe("de-AT");
    expect(other.canonicalUrl).toBeUndefined();
  });
});

describe("extractPage on comment threads", () => {
  const prose = (topic: string) =>
    `<p>${topic} is explained here in plain words, with enough detail that a reader can follow every step of it.
    The paragraph goes on for a while so that it reads as the body of an article rather than a caption.</p>`;
  const html = `<html><body><div class="post"><h1>A field guide</h1>${prose("Soil")}${prose("Water")}
    <h2>Response</h2>${prose("Light")}${prose("Feeding")}
    <h3>3 Comments</h3>
    <div><p>Great article, thank you so much for writing it, it helped me with my own garden this spring.</p>
    <p>Posted by Sam at 10:15 on 2 May 2024</p></div></div></body></html>`;

  it("cuts the thread after its header but keeps a section that is merely called Response", () => {
    const page = extractPage(html, "https://blog.example/guide");
    expect(page.text).toContain("Light is explained here in plain words");
    expect(page.text).toContain("Feeding is explained here");
    expect(page.headings.map((h) => h.text)).toContain("Response");
    expect(page.text).not.toContain("3 Comments");
    expect(page.text).not.toContain("Great article, thank you");
  });
});

function expectWellFormed(page: ExtractedPage): void {
  expect(typeof page.title).toBe("string");
  expect(typeof page.text).toBe("string");
  expect(Number.isInteger(page.wordCount) && page.wordCount >= 0).toBe(true);
  expect(Array.isArray(page.paragraphs) && page.paragraphs.every((p) => typeof p === "string")).toBe(true);
  expect(page.lists.every((list) => Array.isArray(list) && list.every((item) => typeof item === "string"))).toBe(true);
  for (const heading of page.headings) {
    expect(heading.level >= 1 && heading.level <= 6 && typeof heading.text === "string").toBe(true);
  }
  for (const link of page.links) expect(link.href).toMatch(/^https?:\/\//);
  if (page.publishedAt !== undefined) expect(Number.isNaN(Date.parse(page.publishedAt))).toBe(false);
}

const tagSoupPiece = fc.oneof(
  fc.constantFrom(
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<a href='/x'>",
    "<a href='javascript:void(0)'>",
    "</a>",
    "<ul><li>",
    "<li>",
    "<table><tr><td>",
    "</td>",
    "<h2>",
    "</h3>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<html lang='zz_ZZ'>",
    "<body>",
    "</body></html>",
    "<meta name=description>",
    "<link rel=canonical href='http://[::1'>",
    "<time datetime='9999-99-99'>",
    "<br>",
    "<nav>",
    "<footer>",
    '<script type="application/ld+json">{"datePublished":',
    "<div class='comments'>",
    "<svg><p>",
    "<template>",
  ),
  fc.string({ maxLength: 40 }),
);

describe("extractPage on malformed input", () => {
  it("returns a well-formed page for random tag soup", () => {
    fc.assert(
      fc.property(fc.array(tagSoupPiece, { maxLength: 200 }), fc.string({ maxLength: 30 }), (pieces, url) => {
        expectWellFormed(extractPage(pieces.join(""), url));
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });

  it("returns a well-formed page for binary-ish strings", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expectWellFormed(extractPage(String.fromCharCode(...bytes), "https://c.example/"));
      }),
      { numRuns: 100, seed: 20261126 },
    );
  });

  it("survives 5000 levels of nesting", () => {
    const deep = `<html><body>${"<div>".repeat(5000)}<p>Deep text.</p>${"</div>".repeat(5000)}</body></html>`;
    const page = extractPage(deep, "https://d.example/");
    expectWellFormed(page);
    expect(page.text).toBe("Deep text.");
  });

  it("survives thousands of unclosed tags", () => {
    const unclosed = `<html><body>${"<span><b><i>".repeat(2000)}text ${"<p>".repeat(500)}`;
    expectWellFormed(extractPage(unclosed, "https://d.example/"));
  });

  it("survives huge attributes, empty and non-string input", () => {
    const hugeAttribute = `<body><div class="${"x".repeat(1_000_000)}"><p title="${"\u0000".repeat(100_000)}">Hi.</p></div>`;
    for (const html of [hugeAttribute, "", "<", "<<<>>>", "\ud800\udfff\ufffe"]) {
      expectWellFormed(extractPage(html, "https://d.example/"));
    }
    expectWellFormed(extractPage(null as unknown as string, undefined as unknown as string));
  });
});

describe("countWords", () => {
  const expression = (text: string) => text.match(/[\p{L}\p{N}_]+/gu)?.length ?? 0;

  it("counts the matches of the word expression", () => {
    for (const text of [
      "",
      "one",
      " two  words ",
      "snake_case and 42",
      "naïve café — Ünïcödé",
      "日本語 text",
      "a\ud800b 𝒳y",
    ]) {
      expect(countWords(text)).toBe(expression(text));
    }
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => countWords(text) === expression(text)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom("a", "Z", "_", "9", " ", "-", "é", "\u0301", "日", "𝒳", "\ud800", "\udc00", "\u00a0", "٣"),
        ),
        (parts) => countWords(parts.join("")) === expression(parts.join("")),
      ),
      { numRuns: 2000 },
    );
  });
});
