import { describe, expect, it } from "vitest";
import { defaultOptions } from "../../src/core/article/options";
import { assessQuality } from "../../src/core/quality/index";
import type { CompetitorAnalysis } from "../../src/core/research/types";
import { article, EIFFEL, source } from "../quality-fixtures";

const checkOf = (report: ReturnType<typeof assessQuality>, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe("grounding", () => {
  it("accepts sentences their cited source supports", () => {
    const report = assessQuality(article(), [source(1, EIFFEL)]);
    expect(checkOf(report, "grounding")).toMatchObject({ score: 100, findings: [] });
  });

  it("flags a sentence whose cited source says something else", () => {
    const a = article({
      sections: [
        { heading: "History", level: 2, body: "The tower was finished in 1889 by Gustave Eiffel's company [1]." },
        {
          heading: "Food",
          level: 2,
          body: "Bananas are the favourite breakfast fruit of Norwegian schoolchildren [1].",
        },
      ],
    });
    const grounding = checkOf(assessQuality(a, [source(1, EIFFEL)]), "grounding");
    expect(grounding.findings).toHaveLength(1);
    expect(grounding.findings[0]).toMatchObject({ severity: "high", location: "section:1" });
    expect(grounding.findings[0]?.message).toContain("Bananas");
    expect(grounding.score).toBe(67);
  });

  it("flags a number the cited source does not state", () => {
    const a = article({ intro: "The Eiffel Tower in Paris is 450 metres tall [1]." });
    const grounding = checkOf(assessQuality(a, [source(1, EIFFEL)]), "grounding");
    expect(grounding.findings[0]?.message).toContain("450");
  });

  it("flags a claim that negates its source", () => {
    const a = article({ intro: "The Eiffel Tower is not named after the engineer Gustave Eiffel [1]." });
    const grounding = checkOf(assessQuality(a, [source(1, EIFFEL)]), "grounding");
    expect(grounding.findings[0]?.message).toContain("opposite");
  });

  it("scores zero when nothing is cited", () => {
    const a = article({ intro: "The tower is tall.", sections: [{ heading: "H", level: 2, body: "It is in Paris." }] });
    expect(checkOf(assessQuality(a, [source(1, EIFFEL)]), "grounding").score).toBe(0);
  });
});

describe("citation validity", () => {
  it("flags markers with no source and markers pointing at failed sources", () => {
    const a = article({ intro: "The Eiffel Tower is in Paris [1]. It is tall [2]. It is iron [3]." });
    const check = checkOf(assessQuality(a, [source(1, EIFFEL), source(2, "", "failed")]), "citationValidity");
    // Two of the four markers (the section's [1] included) resolve.
    expect(check.score).toBe(50);
    expect(check.findings.map((f) => f.message)).toEqual([
      expect.stringContaining("[2] points to a source that was not usable"),
      expect.stringContaining("[3] points to no retrieved source"),
    ]);
  });

  it("follows the article's marker → source mapping", () => {
    const a = article({
      intro: "The Eiffel Tower is in Paris [7].",
      citations: [{ marker: 7, sourceId: 1, location: "intro" }],
    });
    expect(checkOf(assessQuality(a, [source(1, EIFFEL)]), "citationValidity").score).toBe(100);
  });

  it("flags a cited sentence in which the source speaks of its own page, but not a quotation, the article's own words or a report it named", () => {
    const a = article({
      intro: "This article explains how the Eiffel Tower was built [1]. The tower stands in Paris [1].",
      sections: [
        { heading: "History", level: 2, body: "One guide puts it plainly: “In this guide we climb the tower.” [1]" },
        { heading: "Visiting", level: 2, body: "This guide covers tickets and times." },
        { heading: "Numbers", level: 2, body: "Paris counted its visitors in 2020; this report found millions [1]." },
      ],
    });
    const check = checkOf(assessQuality(a, [source(1, EIFFEL)]), "citationValidity");
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]).toMatchObject({ severity: "medium", location: "intro" });
    expect(check.findings[0]?.message).toContain("This article explains");
    // Four markers resolve; one of them cites a source speaking of itself.
    expect(check.score).toBe(75);
  });
});

describe("originality", () => {
  const copied = "whose company designed and built the tower from 1887 to 1889 in Paris";
  it("catches a copied 12-word run", () => {
    const a = article({ intro: `Gustave Eiffel, ${copied.replace(" in Paris", "")}, became famous [1].` });
    const check = checkOf(assessQuality(a, [source(1, EIFFEL)]), "originality");
    const finding = check.findings.find((f) => f.severity === "high" && f.message.includes("copied verbatim"));
    expect(finding?.message).toMatch(/^1[2-9] words copied verbatim from source \[1\]/);
    expect(check.score).toBeLessThan(100);
  });

  it("exempts a quote in quotation marks with a citation and a cited blockquote", () => {
    const quoted = article({
      intro: `Its history page says the engineer's firm was the one "whose company designed and built the tower from 1887 to 1889" [1].`,
      sections: [
        {
          heading: "Quote",
          level: 2,
          body: `> It is named after the engineer Gustave Eiffel, whose company designed and built the tower [1]\n\nThat is all.`,
        },
      ],
    });
    const check = checkOf(assessQuality(quoted, [source(1, EIFFEL)]), "originality");
    expect(check.findings).toEqual([]);
    expect(check.score).toBe(100);
  });

  it("does not exempt a quote without attribution", () => {
    const a = article({
      intro: `They say it is "whose company designed and built the tower from 1887 to 1889" and more.`,
    });
    expect(checkOf(assessQuality(a, [source(1, EIFFEL)]), "originality").findings.length).toBeGreaterThan(0);
  });

  it("reports an extractive draft as such rather than as plagiarism", () => {
    const a = article({ kind: "extractive", intro: `${EIFFEL.slice(0, 200)} [1]` });
    const check = checkOf(assessQuality(a, [source(1, EIFFEL)]), "originality");
    expect(check.score).toBe(100);
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]).toMatchObject({ severity: "low", message: expect.stringContaining("Extractive draft") });
  });
});

describe("repetition, coverage and structure", () => {
  it("finds near-duplicate sentences", () => {
    const a = article({
      intro: "The iron tower in Paris attracts millions of visitors every single year.",
      sections: [
        {
          heading: "Visitors",
          level: 2,
          body: "Every single year the iron tower in Paris attracts millions of visitors.",
        },
      ],
    });
    const check = checkOf(assessQuality(a, []), "repetition");
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]?.location).toBe("section:0");
  });

  it("flags sentences whose content words overlap by exactly 80% and not those just below it", () => {
    const a = article({
      intro: "Alpha bravo charlie delta echo foxtrot golf hotel india.",
      sections: [
        {
          heading: "Words",
          level: 2,
          body: "Alpha bravo charlie delta echo foxtrot golf hotel juliet. Alpha bravo charlie delta echo foxtrot golf kilo lima.",
        },
      ],
    });
    const check = checkOf(assessQuality(a, []), "repetition");
    expect(check.findings.map((f) => f.message)).toEqual([expect.stringContaining("hotel juliet")]);
  });

  it("checks focus keywords including plural forms", () => {
    const options = { ...defaultOptions(), focusKeywords: ["iron landmarks", "observation deck"] };
    const check = checkOf(assessQuality(article(), [source(1, EIFFEL)], { options }), "focusKeywordCoverage");
    expect(check.findings.map((f) => f.message)).toEqual([expect.stringContaining("observation deck")]);
    expect(check.score).toBe(67);
  });

  it("finds competitor subtopics the article misses", () => {
    const competitors: CompetitorAnalysis = {
      pages: 4,
      wordCount: { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 },
      commonHeadings: [],
      subtopics: [
        { label: "History", headings: ["History"], terms: ["engineer", "company", "built"], pages: 4 },
        { label: "Ticket prices", headings: ["Tickets"], terms: ["ticket", "price", "euro"], pages: 3 },
      ],
      questions: [],
      keyTerms: [],
      entities: [],
    };
    const check = checkOf(assessQuality(article(), [source(1, EIFFEL)], { competitors }), "competitorCoverage");
    expect(check.score).toBe(50);
    expect(check.findings[0]?.message).toContain("Ticket prices");
  });

  it("checks the structure against the requested options", () => {
    const options = {
      ...defaultOptions(),
      targetWords: 800,
      includeFaq: true,
      includeConclusion: true,
      includeToc: false,
    };
    const check = checkOf(assessQuality(article(), [source(1, EIFFEL)], { options }), "structure");
    const messages = check.findings.map((f) => f.message).join(" | ");
    expect(messages).toContain("FAQ was requested");
    expect(messages).toContain("conclusion was requested");
    expect(messages).toContain("800 were requested");
    expect(messages).not.toContain("table of contents");
    expect(check.score).toBeLessThan(50);
  });

  it("weights the checks into one score", () => {
    const report = assessQuality(article(), [source(1, EIFFEL)]);
    expect(report.checks.map((c) => c.id)).toEqual([
      "grounding",
      "topicality",
      "citationValidity",
      "originality",
      "repetition",
      "focusKeywordCoverage",
    ]);
    expect(report.checks.every((c) => c.score === 100)).toBe(true);
    expect(report.score).toBe(100);
  });
});
