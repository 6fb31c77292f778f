import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyseCompetitors } from "../../src/core/research/competitors";
import { entities, namesIn } from "../../src/core/research/entities";
import { clusterHeadings, commonHeadings, normaliseHeading, subtopics } from "../../src/core/research/headings";
import { isQuestionHeading, questionsAsked } from "../../src/core/research/questions";
import { wordCountStats } from "../../src/core/research/stats";
import { keyTerms } from "../../src/core/research/terms";
import type { Heading, Source } from "../../src/core/research/types";
import { jaccard } from "../../src/core/text/similarity";
import { words } from "../../src/core/text/tokens";

const h = (level: number, text: string): Heading => ({ level, text });

function source(id: number, parts: { headings?: Heading[]; paragraphs: string[]; status?: Source["status"] }): Source {
  const text = parts.paragraphs.join("\n\n");
  return {
    id,
    url: `https://site${id}.test/`,
    status: parts.status ?? "ok",
    title: `Page ${id}`,
    wordCount: words(text).length,
    headings: parts.headings ?? [],
    paragraphs: parts.paragraphs,
    text,
  };
}

const pages = [
  source(1, {
    headings: [
      h(1, "The Sourdough Starter Guide"),
      h(2, "1. Feeding your starter"),
      h(2, "Storing a starter in the fridge"),
      h(2, "How long does a starter take?"),
    ],
    paragraphs: [
      "A sourdough starter is flour and water fermented by wild yeast. The King Arthur Baking Company sells dried starter too.",
      "Feed the starter with rye flour and water every day. Whole wheat flour also works, and rye flour speeds fermentation.",
      "Why is my starter not bubbling? Usually the kitchen is too cold. Keep it warm, near the Instant Pot or the oven light.",
    ],
  }),
  source(2, {
    headings: [
      h(2, "Feeding Your Starter"),
      h(2, "How to store your starter in the fridge"),
      h(3, "What flour is best?"),
    ],
    paragraphs: [
      "Most bakers at King Arthur Baking Company recommend rye flour for a new starter. Rye flour has more wild yeast.",
      "When you store the starter in the fridge, feed it once a week. According to the USDA, flour is a raw food.",
      "Why is my starter not bubbling? Check the temperature first, since fermentation slows below 70 degrees.",
    ],
  }),
  source(3, {
    headings: [h(2, "Feeding schedule"), h(2, "Common mistakes")],
    paragraphs: [
      "A feeding schedule keeps the wild yeast active. We follow the method from The Perfect Loaf closely.",
      "Rye flour and whole wheat flour both feed the culture, but rye flour is faster. The USDA says raw flour is not ready to eat.",
      "How long does a starter take? About a week, sometimes longer in winter.",
    ],
  }),
  source(4, {
    status: "invalid",
    headings: [h(2, "Feeding your starter")],
    paragraphs: ["Too short to count. Buy Magic Flour Brand now."],
  }),
];

describe("word-count distribution", () => {
  it("reports min, max, mean, median and quartiles", () => {
    expect(wordCountStats([400, 100, 300, 200])).toEqual({
      min: 100,
      max: 400,
      mean: 250,
      median: 250,
      p25: 175,
      p75: 325,
    });
    expect(wordCountStats([])).toEqual({ min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 });
  });
});

describe("headings and subtopics", () => {
  it("counts a heading once per page that uses it, ignoring numbering and case", () => {
    expect(normaliseHeading("2. Feeding Your Starter!")).toBe("feeding your starter");
    expect(commonHeadings(pages.slice(0, 3))).toEqual([{ text: "Feeding your starter", count: 2 }]);
  });

  it("clusters differently worded headings of one subtopic across pages", () => {
    const topics = subtopics(pages.slice(0, 3), "sourdough starter");
    const storing = topics.find((topic) => topic.headings.includes("How to store your starter in the fridge"));
    expect(storing?.headings).toContain("Storing a starter in the fridge");
    expect(storing?.pages).toBe(2);
    const feeding = topics.find((topic) => topic.headings.includes("Feeding schedule"));
    expect(feeding?.pages).toBe(3);
    expect(feeding?.terms[0]).toBe("feeding");
    expect(topics.every((topic) => topic.pages >= 2)).toBe(true);
    expect(topics.some((topic) => topic.label === "Common mistakes")).toBe(false);
  });
});

describe("questions people ask", () => {
  it("finds question headings and sentences, ranked by how many pages ask", () => {
    const questions = questionsAsked(pages.slice(0, 3));
    expect(questions.slice(0, 2)).toEqual(
      expect.arrayContaining([
        { text: "How long does a starter take?", count: 2, sources: [1, 3] },
        { text: "Why is my starter not bubbling?", count: 2, sources: [1, 2] },
      ]),
    );
    expect(questions.map((q) => q.text)).toContain("What flour is best?");
  });

  it("takes a heading for a question by its form, not by a question word inside a name or a label", () => {
    expect(isQuestionHeading("Why use rye")).toBe(true);
    expect(isQuestionHeading("Can you freeze a starter")).toBe(true);
    expect(isQuestionHeading("How It Works?")).toBe(true);
    expect(isQuestionHeading("What's the best soil for tomatoes")).toBe(true);
    expect(isQuestionHeading("How’s a compost bin different from a heap")).toBe(true);
    for (const label of [
      "Do's and Don'ts",
      "How It Works",
      "Who We Are",
      "What We Do",
      "Why Choose Us",
      "What's New",
    ]) {
      expect(isQuestionHeading(label), label).toBe(false);
    }
  });
});

describe("key terms", () => {
  it("ranks terms many pages share, with bigrams, leaving out the keyword and single-page terms", () => {
    const terms = keyTerms(pages.slice(0, 3), "sourdough starter");
    const names = terms.map((t) => t.term);
    expect(names[0]).toBe("rye flour");
    expect(terms[0]?.pages).toBe(3);
    expect(names).toContain("wild yeast");
    expect(names).not.toContain("starter");
    expect(names).not.toContain("winter");
    expect(terms.every((t, i) => i === 0 || (terms[i - 1]?.score ?? 0) >= t.score)).toBe(true);
  });
});

describe("subtopic clusters", () => {
  it("joins a heading to the first cluster holding a similar one, linking clusters through shared members", () => {
    const headed = (id: number, texts: string[]) => ({ id, headings: texts.map((text) => ({ level: 2, text })) });
    const topics = subtopics(
      [
        headed(1, ["Soil mix ratios", "Watering schedule"]),
        headed(2, ["Soil mix ratios explained", "Pest control basics"]),
        headed(3, ["Mix ratios explained simply", "Watering schedule tips", "Pest control"]),
      ],
      "raised bed",
    );
    const labels = topics.map((t) => [t.label, t.pages, t.headings.length]);
    expect(labels).toContainEqual(["Soil mix ratios", 3, 3]);
    expect(labels).toContainEqual(["Watering schedule", 2, 2]);
    expect(labels).toContainEqual(["Pest control", 2, 2]);
  });
});

describe("heading clusters", () => {
  it("are those of comparing each heading with every earlier one, however the candidates are found", () => {
    // The plain definition: each heading joins the first cluster holding one at least half alike, or starts its own.
    const reference = (sets: Set<string>[]) => {
      const clusters: Set<string>[][] = [];
      for (const set of sets) {
        const home = clusters.find((cluster) => cluster.some((other) => jaccard(other, set) >= 0.5));
        if (home) home.push(set);
        else clusters.push([set]);
      }
      return clusters.map((cluster) => cluster.map((set) => [...set]));
    };
    const token = fc.constantFrom("tips", "soil", "mix", "water", "pests", "a", "b", "c", "d", "e");
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(token, { minLength: 1, maxLength: 5 }), { maxLength: 40 }), (headings) => {
        const sets = headings.map((tokens) => new Set(tokens));
        const clustered = clusterHeadings(sets.map((tokens) => ({ tokens }))).map((cluster) =>
          cluster.map((member) => [...member.tokens]),
        );
        expect(clustered).toEqual(reference(sets));
      }),
      { numRuns: 500 },
    );
  });
});

describe("key terms in order", () => {
  it("lists equally scored terms that collate alike in the order the pages first use them", () => {
    const composed = "caf\u00e9";
    const decomposed = "cafe\u0301";
    const order = (first: string, second: string) => {
      const text = `Ein ${first} neben einem ${second} heute.`;
      return keyTerms([{ text }, { text }], "x")
        .map((t) => t.term)
        .filter((term) => term === composed || term === decomposed);
    };
    expect(composed.localeCompare(decomposed)).toBe(0);
    expect(order(composed, decomposed)).toEqual([composed, decomposed]);
    expect(order(decomposed, composed)).toEqual([decomposed, composed]);
  });
});

describe("entities", () => {
  it("finds capitalised names and acronyms mid-sentence, never at a sentence start", () => {
    expect(namesIn(words("Most bakers at King Arthur Baking Company recommend rye"))).toEqual([
      "King Arthur Baking Company",
    ]);
    expect(namesIn(words("According to the Food and Drug Administration and the USDA"))).toEqual([
      "Food and Drug Administration",
      "USDA",
    ]);
    expect(namesIn(words("Rye Flour is great"))).toEqual([]);
    // Words that say nothing of a topic may begin a name: a run is trimmed of function words and furniture only.
    expect(namesIn(words("She moved to New York in May and shopped at Home Depot"))).toEqual([
      "New York",
      "Home Depot",
    ]);
    expect(namesIn(words("Reporters at The New York Times and the US Army agreed"))).toEqual([
      "New York Times",
      "US Army",
    ]);
    expect(namesIn(words("Prices rose, Read More Arthur"))).toEqual([]);
    const found = entities(pages.slice(0, 3));
    expect(found[0]).toEqual({ text: "King Arthur Baking Company", count: 2, pages: 2 });
    expect(found).toContainEqual({ text: "USDA", count: 2, pages: 2 });
    expect(found.map((e) => e.text)).toContain("Perfect Loaf");
  });

  it("finds the names of every sentence, also where only the first word is capitalised", () => {
    const unit = fc.constantFrom("King", "Arthur", "of", "the", "USDA", "I", "rye", "𝐀𝐁", "“", "Ärger", "3", ",");
    fc.assert(
      fc.property(fc.array(fc.array(unit, { maxLength: 12 }), { maxLength: 6 }), (sentences) => {
        const paragraphs = sentences.map((parts) => parts.join(" "));
        const names = paragraphs.flatMap((paragraph) => namesIn(words(paragraph)));
        const expected = new Map<string, number>();
        for (const name of names) expected.set(name, (expected.get(name) ?? 0) + 1);
        const found = entities([{ id: 1, paragraphs }], 1000);
        expect(new Map(found.map((e) => [e.text, e.count]))).toEqual(expected);
      }),
    );
  });
});

describe("competitor analysis", () => {
  it("analyses only the valid pages", () => {
    const analysis = analyseCompetitors(pages, "sourdough starter");
    expect(analysis.pages).toBe(3);
    expect(analysis.wordCount.min).toBeGreaterThan(20);
    expect(analysis.entities.map((e) => e.text)).not.toContain("Magic Flour Brand");
    expect(analysis.commonHeadings[0]?.count).toBe(2);
    expect(analysis.subtopics.length).toBeGreaterThan(0);
  });

  it("returns an empty analysis when no page is valid", () => {
    const analysis = analyseCompetitors([pages[3] as Source], "x");
    expect(analysis).toMatchObject({
      pages: 0,
      commonHeadings: [],
      subtopics: [],
      questions: [],
      keyTerms: [],
      entities: [],
    });
  });
});

describe("robustness", () => {
  it("analyses any text without throwing and keeps its invariants", () => {
    const page = fc.record({
      headings: fc.array(fc.record({ level: fc.integer({ min: 1, max: 6 }), text: fc.string() }), { maxLength: 6 }),
      paragraphs: fc.array(fc.oneof(fc.string(), fc.lorem({ mode: "sentences" })), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(page, { maxLength: 5 }), fc.string(), (parts, keyword) => {
        const analysis = analyseCompetitors(
          parts.map((p, i) => source(i + 1, p)),
          keyword,
        );
        expect(analysis.pages).toBe(parts.length);
        expect(analysis.wordCount.min).toBeLessThanOrEqual(analysis.wordCount.max);
        for (const q of analysis.questions) expect(q.sources.length).toBeLessThanOrEqual(q.count);
        for (const t of analysis.subtopics) expect(t.pages).toBeLessThanOrEqual(parts.length);
      }),
      { numRuns: 200 },
    );
  });
});
