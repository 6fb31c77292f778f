import { describe, expect, it } from "vitest";
import { assessQuality } from "../../src/core/quality/index";
import { topicality } from "../../src/core/quality/topicality";
import { relevanceTo } from "../../src/core/research/relevance";
import type { CompetitorAnalysis } from "../../src/core/research/types";
import { isFaqLabel, keywordTopicTerms } from "../../src/core/text/intent";
import { article, EIFFEL, source } from "../quality-fixtures";

const faq = [{ question: "How tall is it?", answer: "The tower is 330 metres tall [1]." }];

describe("a keyword or subtopic that asks for questions is not a subject", () => {
  it("reads 'frequently asked questions', 'FAQs', 'Q&A' and 'questions and answers' as the intent 'faq'", () => {
    for (const keyword of [
      "emergency fund frequently asked questions",
      "emergency fund FAQs",
      "emergency fund Q&A",
      "emergency fund questions and answers",
      "Emergency fund frequently-asked question",
    ])
      expect(keywordTopicTerms(keyword)).toEqual(["emergency", "fund"]);
    expect(keywordTopicTerms("interview questions")).toEqual(["interview", "question"]);
  });

  it("judges an article and a page about the subject on-topic for its FAQ keyword", () => {
    const keyword = "Eiffel Tower frequently asked questions";
    const written = article({
      focusKeyphrase: keyword,
      faq,
      citations: [{ marker: 1, sourceId: 1, location: "intro" }],
    });
    expect(topicality(written).offTopic).toBe(false);
    const page = { title: "The Eiffel Tower", headings: [{ text: "History" }], text: EIFFEL };
    expect(relevanceTo(keyword, page)).toBe(relevanceTo("Eiffel Tower", page));
  });

  it("counts the competitors' FAQ block as covered by the article's FAQ, and its questions as covering subtopics", () => {
    expect(["FAQ", "Frequently asked questions", "Frequently Asked Questions:", "Q&A", "FAQs"].every(isFaqLabel)).toBe(
      true,
    );
    expect(isFaqLabel("Questions to ask a builder")).toBe(false);
    const competitors: CompetitorAnalysis = {
      pages: 4,
      wordCount: { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 },
      commonHeadings: [],
      subtopics: [
        { label: "Frequently asked questions", headings: ["FAQ"], terms: ["frequently", "asked"], pages: 4 },
        { label: "How tall is it?", headings: ["How tall is it?"], terms: ["tall"], pages: 3 },
      ],
      questions: [],
      keyTerms: [],
      entities: [],
    };
    const coverage = (a: ReturnType<typeof article>) =>
      assessQuality(a, [source(1, EIFFEL)], { competitors }).checks.find((c) => c.id === "competitorCoverage");
    const without = article({ intro: "The Eiffel Tower stands in Paris [1]." });
    expect(coverage(without)?.findings.map((f) => f.message)).toEqual([
      expect.stringContaining("Frequently asked questions"),
      expect.stringContaining("How tall is it?"),
    ]);
    expect(coverage({ ...without, faq })?.findings).toEqual([]);
  });
});
