import { describe, expect, it } from "vitest";
import { coherence, passagesOf } from "../../bench/lib/coherence";
import { extractPage } from "../../src/core/research/extract";
import type { Source } from "../../src/core/research/types";
import { sentences } from "../../src/core/text/sentences";
import { topicTerms } from "../../src/core/text/tokens";
import { ExtractiveWriter } from "../../src/core/writing/extractive";
import { keyPassage } from "../../src/core/writing/extractive/conclusion";
import { orderPassages, sharedTerms } from "../../src/core/writing/extractive/flow";
import { attribution, sectionLead, sourceName, sourceNames } from "../../src/core/writing/extractive/framing";
import { planSections } from "../../src/core/writing/extractive/outline";
import { selectSentences } from "../../src/core/writing/extractive/select";
import { sourceSentences } from "../../src/core/writing/extractive/sentences";
import { compostSources, options } from "../writing-fixtures";

const page = (over: Partial<Source>): Source => ({
  id: 1,
  url: "http://127.0.0.1:8790/garden/soil",
  status: "ok",
  title: "",
  wordCount: 0,
  headings: [],
  paragraphs: [],
  text: "",
  ...over,
});

describe("naming a source in framing sentences", () => {
  it("never names a source after an IP address or localhost, and takes the publication from the title's suffix", () => {
    const named = sourceName(
      page({ title: "The Best Soil Mix for a Raised Bed Vegetable Garden (Recipes and Ratios) | GreenPlot" }),
      "raised bed vegetable garden",
    );
    expect(named).toBe("_The Best Soil Mix for a Raised Bed Vegetable Garden_ (GreenPlot)");
    expect(sourceName(page({ title: "Soil guide", url: "http://localhost:8790/x" }))).toBe("_Soil guide_");
    expect(sourceName(page({ title: "", url: "http://127.0.0.1/x" }))).toBe("One source");
    expect(sourceName(page({ title: "", url: "http://[::1]:8080/x" }))).toBe("One source");
    expect(sourceName(page({ title: "", url: "https://www.soilnews.org/x" }))).toBe("soilnews.org");
  });

  it("uses og:site_name, the part of the title that is not the keyword or a question, and the h1 when the title will not do", () => {
    expect(sourceName(page({ title: "Soil tests", siteName: "Plot Weekly" }))).toBe("_Soil tests_ (Plot Weekly)");
    expect(
      sourceName(
        page({ title: "How Much Does a Raised Bed Cost? A Line-by-Line Breakdown | GreenPlot" }),
        "raised bed",
      ),
    ).toBe("_A Line-by-Line Breakdown_ (GreenPlot)");
    expect(sourceName(page({ title: "Raised Bed Garden: A Beginner's Guide | GreenPlot" }), "raised bed garden")).toBe(
      "_A Beginner's Guide_ (GreenPlot)",
    );
    expect(sourceName(page({ title: "9 Raised Bed Mistakes | GreenPlot" }), "raised bed")).toBe(
      "_Raised Bed Mistakes_ (GreenPlot)",
    );
    expect(sourceName(page({ title: "How We Cut Our Hook Time from 41 Seconds to 2.3 | Dev Notes" }), "hooks")).toBe(
      "_How We Cut Our Hook Time_ (Dev Notes)",
    );
    expect(sourceName(page({ title: "2026", headings: [{ level: 1, text: "Mulch basics" }] }))).toBe("_Mulch basics_");
  });

  it("names a source shortly once it has been named in full", () => {
    const names = sourceNames(
      page({ title: "The Best Soil Mix for a Raised Bed Vegetable Garden (Recipes and Ratios) | GreenPlot" }),
      "raised bed vegetable garden",
    );
    expect(names.short).toBe("_Best Soil Mix_");
    expect(sourceNames(page({ title: "Soil tests | GreenPlot" }), "garden").short).toBe("_Soil tests_");
    // No run of words beyond the keyword's: the title's opening words.
    expect(
      sourceNames(
        page({ title: "7 Pre-Commit Hook Mistakes That Make Developers Hate Git Hooks | Hookline Dev Notes" }),
        "git pre-commit hooks",
      ).short,
    ).toBe("_Pre-Commit Hook Mistakes_");
    expect(
      sourceNames(
        page({ title: "Raised Bed vs In-Ground Vegetable Garden | GreenPlot" }),
        "raised bed vegetable garden",
      ).short,
    ).toBe("_Raised Bed vs In-Ground Vegetable Garden_");
  });

  it("reads the publication's name from og:site_name", () => {
    const html =
      '<html><head><title>Soil tests</title><meta property="og:site_name" content="Plot Weekly"></head><body><article><p>Text.</p></article></body></html>';
    expect(extractPage(html, "https://example.org/a").siteName).toBe("Plot Weekly");
  });
});

describe("passages that start mid-thought", () => {
  const [source] = compostSources();
  const quoted = (paragraphs: string[]) =>
    sourceSentences({ ...page({}), ...(source ?? {}), paragraphs }).map((s) => s.text);

  it("never quotes a bare answer, a fix or a 'here are' without what it follows", () => {
    const list = quoted([
      "Usually, but test nearby soil for lead if the house is old and the bed sits near a busy road.",
      "The fix: keep beds four feet wide if you can reach them from both sides of the frame.",
      "For most beginners, yes: good soil and a defined space remove the two biggest causes of failure.",
      "In practice, you cannot reach the middle of a wide bed without stepping onto the soil.",
    ]);
    expect(list).toEqual([]);
  });

  it("drops sentences about the page itself", () => {
    const list = quoted([
      "This article explains what a good raised bed soil needs to do and how to keep it healthy.",
      "Every spring our inbox fills with photos of raised beds that are not doing well at all.",
      "Compost feeds the soil life that keeps a raised bed productive over many seasons.",
    ]);
    expect(list).toEqual(["Compost feeds the soil life that keeps a raised bed productive over many seasons."]);
  });

  it("ends a sentence before a quotation that opens with nested quotation marks", () => {
    const list = sentences("It says this. “‘Garden blend’ can mean anything.”");
    expect(list).toEqual(["It says this.", "“‘Garden blend’ can mean anything.”"]);
  });
});

describe("a section that reads as one line of thought", () => {
  const pool = compostSources().flatMap((s) => (s.status === "ok" ? sourceSentences(s) : []));

  it("puts the source closest to the heading first, then the one closest to it", () => {
    const groups = orderPassages(pool, "Moisture and air", "compost");
    const first = groups[0]?.sentences.map((s) => s.text).join(" ") ?? "";
    expect(first).toMatch(/moisture|air/i);
    for (const group of groups) {
      const positions = group.sentences.map((s) => s.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(group.sentences.map((s) => s.sourceId)).size).toBe(1);
    }
    expect(groups.map((g) => g.sourceId).sort()).toEqual([1, 2, 4]);
  });

  it("opens with a sentence naming what most passages share, without figures, in the language asked", () => {
    const terms = sharedTerms(pool, "Getting started", "compost");
    expect(terms.length).toBeGreaterThan(0);
    // Each is said (in any inflection) by at least two passages.
    const said = (term: string, text: string) =>
      ` ${topicTerms(text).join(" ")} `.includes(` ${topicTerms(term).join(" ")} `);
    for (const term of terms) expect(pool.filter((s) => said(term, s.text)).length).toBeGreaterThan(1);
    const soil = sourceSentences({
      ...page({}),
      paragraphs: [
        "A basic soil test every two or three years tells you whether the pH is right for vegetables.",
        "Send the soil test to your local extension service before the first season begins in spring.",
        "Three days of rain will tell you more about drainage than any soil test ever will for beds.",
      ],
    });
    expect(sharedTerms(soil, "Soil", "raised bed")[0]).toBe("soil test");
    const en = { language: "en", tone: "professional" } as const;
    const three = { count: 3, total: 5 };
    const lead = sectionLead("Getting started", ["pile", "material"], en, three);
    expect(lead).toBe("Three of the sources discuss getting started, coming back to pile and material.");
    expect(sectionLead("Moisture", ["pile", "air"], { language: "fr", tone: "professional" }, three)).toBe(
      "Trois des sources traitent de moisture, surtout sous l'angle de pile et air.",
    );
    expect(sectionLead("Top 5 tips", ["pile", "air"], en, three)).toBe("");
  });
});

describe("what a section's opening names", () => {
  it("names nouns and noun phrases the passages share, never a bare verb they start with or a participle", () => {
    const soil = sourceSentences({
      ...page({}),
      paragraphs: [
        "Replace soil only after a persistent disease problem or contamination in the bed.",
        "Replace soil only after serious disease problems, and never to fix drainage alone.",
        "A basic soil test from the extension service reports pH and the major nutrients of the mix.",
        "Send the soil test to the extension service before the season, with a sample of the mix.",
      ],
    });
    const terms = sharedTerms(soil, "Soil", "raised bed");
    expect(terms.length).toBeGreaterThan(1);
    expect(terms.join(" ")).not.toMatch(/\breplace\b/i);
    expect(terms).toContain("disease problem");
    const install = sourceSentences({
      ...page({}),
      paragraphs: [
        "Each developer runs the manager's command once to install hooks in the repository.",
        "You install the manager from a package registry, and the manager that installs them pins each version.",
      ],
    });
    expect(sharedTerms(install, "A hook manager", "git hooks")).not.toContain("install");
  });
});

describe("planning sections", () => {
  it("takes a heading one source gives before a generic one, and never a reader's own problem", () => {
    const sources = compostSources().map((s) =>
      s.id === 4 ? { ...s, headings: [...s.headings, { level: 2, text: "My pile does not heat up" }] } : s,
    );
    const headings = planSections("compost", options(), sources, 4, {
      pages: 3,
      wordCount: { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 },
      commonHeadings: [],
      subtopics: [],
      questions: [],
      keyTerms: [],
      entities: [],
    }).map((p) => p.heading);
    expect([...headings].sort()).toEqual([
      "Fixing a smelly compost pile",
      "Getting started with compost",
      "How compost works",
      "Moisture and air",
    ]);
    expect(headings.join(" ")).not.toMatch(/My pile/);
  });
});

describe("keeping a section on its heading's point", () => {
  it("asks each passage for a word of what the heading names, not a verb or count its subtopic brings along", () => {
    const analysis = {
      pages: 3,
      wordCount: { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 },
      commonHeadings: [],
      subtopics: [
        { label: "Soil", headings: ["Soil"], terms: ["soil", "replace", "years"], pages: 3 },
        { label: "Where to keep it", headings: [], terms: ["keep", "cash", "account"], pages: 2 },
      ],
      questions: [],
      keyTerms: [],
      entities: [],
    };
    const plans = planSections("raised bed", options(), [], 2, analysis);
    const soil = plans.find((p) => p.heading === "Soil");
    expect(soil?.terms).toContain(topicTerms("replace")[0]);
    expect(soil?.focus).toEqual(["soil"]);
    const keep = plans.find((p) => p.heading === "Where to keep it");
    expect(keep?.focus).not.toContain("keep");
    expect(keep?.focus).toContain("cash");
    const pool = sourceSentences({
      ...page({}),
      paragraphs: [
        "Untreated pine is cheaper but may need replacing after three to five years.",
        "Replace soil only after a persistent disease problem or contamination in the raised bed.",
        "A basic soil test every two or three years tells you whether the pH is right.",
      ],
    });
    const pick = (anyOf: string[]) =>
      selectSentences(pool, {
        query: [...(soil?.terms ?? []), ...topicTerms("raised bed")],
        wordQuota: 200,
        minRelative: 0.01,
        used: new Set(),
        anyOf,
      })
        .map((s) => s.text)
        .join(" ");
    // Matched on every subtopic term, the pine passage gets in through "replacing"; on the focus it does not.
    expect(pick(soil?.terms ?? [])).toMatch(/pine/);
    expect(pick(soil?.focus ?? [])).not.toMatch(/pine/);
    expect(pick(soil?.focus ?? [])).toMatch(/soil test/);
  });
});

describe("linking a passage to the one before", () => {
  it("introduces a source that speaks to the same point as such, and never repeats a framing sentence under its other name", () => {
    const written = new Set<string>();
    const options = { language: "en", tone: "professional" } as const;
    const first = attribution("_Soil Tests_ (GreenPlot)", "statement", options, false, written, true, "_Soil Tests_");
    expect(first).toMatch(/same point|speaks to this/);
    const again = attribution("_Soil Tests_", "statement", options, true, written, true, "_Soil Tests_ (GreenPlot)");
    expect(again).not.toBe(first.replace(" (GreenPlot)", ""));
    expect(attribution("_Mulch_", "advice", options, false, new Set(), false)).toBe(
      "_Mulch_ recommends the following.",
    );
  });
});

describe("coherence figures of the quality bench", () => {
  it("reads a section's passages as the quotations its citations close, without the framing before them", () => {
    const body =
      "On soil, the sources come back to tests. _Best Soil Mix_ adds the following. “Test the soil every year.” [1] “Add compost in spring.” [1]\n\nPlain claim about drainage [2]. Another claim [2][3].";
    expect(passagesOf(body)).toEqual([
      "Test the soil every year.",
      "Add compost in spring.",
      "Plain claim about drainage",
      "Another claim",
    ]);
  });

  it("scores adjacent passages on the same subject above ones that jump topics, and counts sections that match their heading", () => {
    const section = (heading: string, body: string) => ({ heading, level: 2 as const, body });
    const base = {
      kind: "extractive" as const,
      title: "t",
      metaDescription: "m",
      slug: "s",
      focusKeyphrase: "raised bed",
      language: "en",
      intro: "",
      faq: [],
      citations: [],
      sources: [],
      wordCount: 0,
      readingTimeMinutes: 1,
    };
    const flowing = coherence(
      {
        ...base,
        sections: [
          section("Soil", "“Soil in a raised bed needs compost.” [1] “Compost keeps raised bed soil loose.” [2]"),
        ],
      },
      "raised bed",
    );
    const jumping = coherence(
      {
        ...base,
        sections: [section("Soil", "“Soil in a raised bed needs compost.” [1] “Cedar boards last for years.” [2]")],
      },
      "raised bed",
    );
    expect(flowing.adjacentSimilarity).toBeGreaterThan(jumping.adjacentSimilarity);
    expect(flowing.headingMatchShare).toBe(1);
    expect(jumping.headingMatchShare).toBe(0);
    expect(
      coherence({ ...base, intro: "One source notes the following.", sections: [] }, "x").unnamedAttributions,
    ).toBe(1);
  });
});

describe("sections that keep to their heading", () => {
  it("quotes in a section only passages that use a word of its heading, also when topping up a short draft", async () => {
    const { article } = await new ExtractiveWriter().write({
      keyword: "compost",
      options: options({ targetWords: 2000 }),
      sources: compostSources(),
    });
    const own = new Set(topicTerms("compost"));
    expect(article.sections.length).toBeGreaterThan(0);
    for (const section of article.sections) {
      const heading = topicTerms(section.heading).filter((t) => !own.has(t));
      if (!heading.length) continue;
      for (const passage of passagesOf(section.body))
        expect(topicTerms(passage).some((t) => heading.includes(t))).toBe(true);
    }
  });
});

describe("FAQ questions", () => {
  it("asks only questions worded as questions, not headings the research took for questions", async () => {
    const competitors = {
      pages: 3,
      wordCount: { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 },
      commonHeadings: [],
      subtopics: [],
      questions: [
        { text: "What compost piles have to do?", count: 2, sources: [1, 2] },
        { text: "What size should a compost pile be?", count: 2, sources: [1, 2] },
      ],
      keyTerms: [],
      entities: [],
    };
    const { article } = await new ExtractiveWriter().write({
      keyword: "compost",
      options: options(),
      sources: compostSources(),
      competitors,
    });
    const questions = article.faq.map((f) => f.question);
    expect(questions).not.toContain("What compost piles have to do?");
    expect(questions).toContain("What size should a compost pile be?");
  });
});

describe("a heading inside a framing sentence", () => {
  it("reads an English instruction as its -ing form, and leaves a noun that looks like a verb alone", () => {
    const en = { language: "en", tone: "professional" } as const;
    const two = { count: 2, total: 4 };
    expect(sectionLead("Work out your essential monthly expenses", [], en, two)).toBe(
      "Two of the sources discuss working out your essential monthly expenses.",
    );
    expect(sectionLead("Water and climate", [], en, two)).toBe("Two of the sources discuss water and climate.");
    expect(sectionLead("Open a separate savings account", [], { language: "fr", tone: "professional" }, two)).toBe(
      "Deux des sources traitent de open a separate savings account.",
    );
    expect(sectionLead("Soil", [], en, { count: 4, total: 4 })).toBe("All four sources discuss soil.");
    expect(sectionLead("Soil", [], en, { count: 1, total: 4 })).toBe("One of the sources discusses soil.");
  });
});

describe("a section's key point for the conclusion", () => {
  it("is a whole statement filed under a heading like the section's, never a lead-in or one weighing against something", () => {
    const lines = [
      ["h", "The drainage test"],
      ["p", "Dig a hole 12 inches deep, fill it with water and let it drain before you fill the bed."],
      ["h", "Filling the bed"],
      ["p", "Fill the bed to the top, water it well, and let it settle for a few days before planting."],
      ["p", "A special case is a bed you fill."],
      ["p", "Filling a bed with bagged soil works, but it costs far more than a bulk blend for deep beds."],
    ] as const;
    const quotes = sourceSentences({
      ...page({}),
      headings: lines.filter(([kind]) => kind === "h").map(([, text]) => ({ level: 2, text })),
      paragraphs: lines.filter(([kind]) => kind === "p").map(([, text]) => text),
      text: lines.map(([, text]) => text).join("\n"),
    });
    expect(quotes.map((q) => q.text)).toContain(lines[1][1]);
    expect(keyPassage(quotes, "Filling the bed", "raised bed")?.text).toMatch(/^Fill the bed to the top/);
    const leadInOrAgainst = quotes.filter((q) => /special case|bagged soil/.test(q.text));
    expect(leadInOrAgainst.length).toBeGreaterThan(0);
    expect(keyPassage(leadInOrAgainst, "Filling the bed", "raised bed")).toBeUndefined();
  });
});
