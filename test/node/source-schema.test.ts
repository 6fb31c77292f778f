import { describe, expect, it } from "vitest";
import { RecordedResearchSchema } from "../../src/core/jobs/events";
import { recordResearch } from "../../src/core/jobs/research-record";
import { analyseCompetitors } from "../../src/core/research/competitors";
import { toSource } from "../../src/core/research/source";
import { SourceSchema } from "../../src/core/research/source-schema";
import type { ResearchReport } from "../../src/core/research/types";
import { validityRules } from "../../src/core/research/validity";
import { IncomingSourceSchema } from "../../src/routes/research-input";

const paragraph = (n: number) =>
  `Paragraph ${n} explains how compost tea is brewed from finished compost, water and air over a day or two. `.repeat(
    4,
  );
const html = `<html><head><title>Brewing compost tea</title></head><body><article><h1>Brewing compost tea</h1>
${[1, 2, 3, 4].map((n) => `<h2>Step ${n}</h2><p>${paragraph(n)}</p>`).join("")}</article></body></html>`;

const result = { url: "https://garden.example/tea", title: "Tea", snippet: "", rank: 1, engine: "test" };
const fetched = toSource(
  1,
  result,
  {
    ok: true,
    url: result.url,
    finalUrl: result.url,
    status: 200,
    contentType: "text/html",
    html,
    fetchedAt: "2026-01-01T00:00:00.000Z",
  },
  validityRules(),
);
const failed = toSource(
  2,
  { ...result, url: "https://down.example/" },
  { ok: false, url: "https://down.example/", reason: "timeout" },
  validityRules(),
);

describe("one Source schema for research, routes and events", () => {
  it("accepts what research produces, in the research answer, from callers and in the recorded event", () => {
    expect(fetched.status).toBe("ok");
    for (const source of [fetched, failed]) {
      expect(SourceSchema.parse(source)).toEqual(source);
      expect(IncomingSourceSchema.parse(source)).toMatchObject({ id: source.id, status: source.status });
    }
    const report: ResearchReport = {
      keyword: "compost tea",
      sources: [fetched, failed],
      competitors: {
        pages: 1,
        wordCount: { min: 0, max: 0, mean: 0, median: 0, p25: 0, p75: 0 },
        commonHeadings: [],
        subtopics: [],
        questions: [],
        keyTerms: [],
        entities: [],
      },
      timings: {},
    };
    const recorded = RecordedResearchSchema.parse(recordResearch(report));
    expect(recorded.sources.map((s) => s.reason ?? s.status)).toEqual(["ok", "timeout"]);
  });

  it("rejects a reason research never gives and a cited source without an http(s) address", () => {
    expect(SourceSchema.safeParse({ ...failed, reason: "bored" }).success).toBe(false);
    expect(IncomingSourceSchema.safeParse({ ...fetched, url: "ftp://garden.example/tea" }).success).toBe(false);
    expect(IncomingSourceSchema.safeParse({ ...failed, url: "ftp://garden.example/tea" }).success).toBe(true);
  });

  it("records the competitor analysis whole, and still reads an event recorded with only its page count", () => {
    const competitors = analyseCompetitors([fetched, failed], "compost tea");
    const report: ResearchReport = { keyword: "compost tea", sources: [fetched], competitors, timings: {} };
    expect(RecordedResearchSchema.parse(recordResearch(report)).competitors).toEqual(competitors);

    const older = RecordedResearchSchema.parse({
      keyword: "compost tea",
      sources: [],
      competitors: { pages: 3 },
      timings: {},
    });
    expect(older.competitors).toMatchObject({ pages: 3, subtopics: [], questions: [], keyTerms: [] });
    expect(RecordedResearchSchema.safeParse({ ...older, competitors: { pages: "three" } }).success).toBe(false);
  });
});
