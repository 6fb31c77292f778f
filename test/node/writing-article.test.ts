import { describe, expect, it } from "vitest";
import { deriveArticle } from "../../src/core/article/derive";
import type { ArticleDraft } from "../../src/core/article/draft";
import { ArticleSchema } from "../../src/core/article/model";
import { inSourceNumbers } from "../../src/core/article/numbering";
import { headingAnchors, normaliseMarkers, slugify } from "../../src/core/article/text";
import { draftProblems } from "../../src/core/article/validate";
import { mapWithConcurrency } from "../../src/core/concurrency";
import type { Source } from "../../src/core/research/types";
import { citationMarkers, countWords } from "../../src/core/text/markdown";
import { writingBudget } from "../../src/core/writing/budget";
import { compostSources, options } from "../writing-fixtures";

const draft = (overrides: Partial<ArticleDraft> = {}): ArticleDraft => ({
  title: "Crème Brûlée at Home: A Guide",
  metaDescription: "How to make it.",
  intro: "Intro [1].",
  sections: [
    { heading: "Basics", level: 2, body: "Heat [1, 2]. More [4]." },
    { heading: "Basics", level: 3, body: "Again [2]." },
  ],
  faq: [{ question: "Why?", answer: "Because [1]." }],
  conclusion: { body: "End [2].", callToAction: "Try it." },
  ...overrides,
});

describe("article text helpers", () => {
  it("slugifies titles to ASCII and cuts at a word boundary", () => {
    expect(slugify("Crème Brûlée at Home: A Guide")).toBe("creme-brulee-at-home-a-guide");
    expect(slugify("日本語")).toBe("");
    expect(slugify("a ".repeat(100), 20).length).toBeLessThanOrEqual(20);
  });

  it("makes unique heading anchors", () => {
    expect(headingAnchors(["Basics", "Basics", "日本"])).toEqual(["basics", "basics-2", "section-3"]);
  });

  it("splits grouped markers and counts words without markers or syntax", () => {
    expect(normaliseMarkers("a [1, 2] b [3;4]")).toBe("a [1][2] b [3][4]");
    expect(citationMarkers("x [1] y [12] [a]")).toEqual([1, 12]);
    expect(countWords("## Heat **fast** [1] and [a link](https://x.example) — done.")).toBe(6);
  });
});

describe("deriveArticle", () => {
  it("derives slug, TOC, citations, cited sources and reading time", () => {
    const longIntro = `${"word ".repeat(476)}[1].`;
    const article = deriveArticle(draft({ intro: longIntro }), {
      kind: "llm",
      keyword: "creme brulee",
      options: options(),
      sources: compostSources(),
    });
    expect(ArticleSchema.safeParse(article).success).toBe(true);
    expect(article.slug).toBe("creme-brulee-at-home-a-guide");
    expect(article.toc).toEqual([
      { heading: "Basics", anchor: "basics", level: 2 },
      { heading: "Basics", anchor: "basics-2", level: 3 },
    ]);
    expect(article.sections[0]?.body).toBe("Heat [1][2]. More [3].");
    expect(article.citations).toContainEqual({ marker: 3, sourceId: 4, location: "section:0" });
    expect(article.sources.map((s) => [s.id, s.url])).toEqual([
      [1, "https://example.org/compost-1"],
      [2, "https://example.org/compost-2"],
      [3, "https://example.org/compost-4"],
    ]);
    expect(article.wordCount).toBeGreaterThan(476);
    expect(article.readingTimeMinutes).toBe(Math.round(article.wordCount / 238));
  });

  it("gives each cited source the day it was published and the day it was read, and no day it cannot read", () => {
    const [first, second, third, ...rest] = compostSources();
    const sources = [
      { ...(first as Source), publishedAt: "2025-03-12T08:30:00.000Z", fetchedAt: "2026-12-03T17:53:23.000Z" },
      { ...(second as Source), publishedAt: "sometime in spring", fetchedAt: "2026-12-03T23:59:59.999Z" },
      { ...(third as Source), publishedAt: "+275760-09-13T00:00:00.000Z" },
      ...rest,
    ];
    const article = deriveArticle(draft(), { kind: "llm", keyword: "creme brulee", options: options(), sources });
    expect(article.sources.map(({ publishedAt, retrievedAt }) => ({ publishedAt, retrievedAt }))).toEqual([
      { publishedAt: "2025-03-12", retrievedAt: "2026-12-03" },
      { publishedAt: undefined, retrievedAt: "2026-12-03" },
      { publishedAt: undefined, retrievedAt: undefined },
    ]);
  });

  it("numbers citations 1..n in the order first cited, and maps them back for a revision", () => {
    const article = deriveArticle(
      draft({ intro: "Start [4].", sections: [{ heading: "Basics", level: 2, body: "Heat [2][4]. More [1]." }] }),
      { kind: "llm", keyword: "compost", options: options(), sources: compostSources() },
    );
    expect(article.intro).toBe("Start [1].");
    expect(article.sections[0]?.body).toBe("Heat [2][1]. More [3].");
    expect(article.sources.map((s) => [s.id, s.url.slice(-9)])).toEqual([
      [1, "compost-4"],
      [2, "compost-2"],
      [3, "compost-1"],
    ]);
    const back = inSourceNumbers(article);
    expect(back.intro).toBe("Start [4].");
    expect(back.sections[0]?.body).toBe("Heat [2][4]. More [1].");
    expect(back.sources.map((s) => s.id)).toEqual([4, 2, 1]);
  });

  it("falls back to the keyword for the slug and drops parts the options switch off", () => {
    const article = deriveArticle(draft({ title: "日本語のガイド" }), {
      kind: "llm",
      keyword: "Tea Ceremony",
      options: options({ includeToc: false, includeFaq: false, includeConclusion: false }),
      sources: compostSources(),
    });
    expect(article.slug).toBe("tea-ceremony");
    expect(article.toc).toBeUndefined();
    expect(article.faq).toEqual([]);
    expect(article.conclusion).toBeUndefined();
  });
});

describe("draftProblems", () => {
  it("accepts a draft that cites only retrieved sources and has the required parts", () => {
    expect(draftProblems(draft(), options(), compostSources())).toEqual([]);
  });

  it("names markers that point at failed or unknown sources, uncited sections and missing parts", () => {
    const bad = draft({
      intro: "Intro [3] and [7].",
      sections: [{ heading: "Bare", level: 2, body: "No citation here." }],
      faq: [],
      conclusion: undefined,
    });
    const problems = draftProblems(bad, options(), compostSources());
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/intro cites \[3\]/),
        expect.stringMatching(/intro cites \[7\]/),
        expect.stringMatching(/section 1 \("Bare"\) has no \[n\] citation/),
        expect.stringMatching(/FAQ is missing/),
        expect.stringMatching(/conclusion is missing/),
      ]),
    );
    expect(draftProblems(bad, options({ includeFaq: false, includeConclusion: false }), compostSources())).toHaveLength(
      3,
    );
  });
});

describe("writing budget and concurrency", () => {
  it("grows sections and per-section tokens with the target length", () => {
    const short = writingBudget(options({ targetWords: 800 }));
    const long = writingBudget(options({ targetWords: 5000 }));
    expect(long.sectionCount).toBeGreaterThan(short.sectionCount);
    expect(long.tokens.section).toBeGreaterThan(short.tokens.section);
    const planned = (b: typeof short) =>
      b.introWords + b.conclusionWords + b.faqCount * b.faqAnswerWords + b.sectionCount * b.sectionWords;
    expect(Math.abs(planned(long) - 5000)).toBeLessThan(5000 * 0.05);
    expect(writingBudget(options({ includeFaq: false })).faqCount).toBe(0);
  });

  it("keeps at most `limit` calls in flight and the results in order", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
