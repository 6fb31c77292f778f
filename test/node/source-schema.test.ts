import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fragment, pageShape } from "../../scripts/fuzz/html";
import { RecordedResearchSchema } from "../../src/core/jobs/events";
import { recordResearch } from "../../src/core/jobs/research-record";
import { analyseCompetitors } from "../../src/core/research/competitors";
import { toSource } from "../../src/core/research/source";
import {
  fitSource,
  MAX_SOURCE_TEXT,
  SourceSchema,
  SourceSummarySchema,
  summariseSource,
} from "../../src/core/research/source-schema";
import type { ResearchReport } from "../../src/core/research/types";
import { validityRules } from "../../src/core/research/validity";
import { IncomingCompetitorsSchema, IncomingSourceSchema } from "../../src/routes/research-input";

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

  it("summarises a source for the job with why it was not used, in the research's own words", () => {
    const declined = SourceSchema.parse({
      id: 2,
      url: "https://site.example/a",
      status: "failed",
      reason: "ai_use_declined",
      detail:
        'the site declines the use of this page as input to generative AI (robots.txt "Content-Signal: ai-input=no")',
      title: "",
      wordCount: 0,
      headings: [],
      paragraphs: [],
      text: "",
    });
    const summary = summariseSource(declined);
    expect(SourceSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({ reason: "ai_use_declined", detail: declined.detail });
    expect(summariseSource({ ...declined, detail: undefined })).not.toHaveProperty("detail");
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

const okOutcome = (page: string, url = result.url) => ({
  ok: true as const,
  url,
  finalUrl: url,
  status: 200,
  contentType: "text/html",
  html: page,
  fetchedAt: "2026-01-01T00:00:00.000Z",
});
/** A source read from `page` as research reads it, and the same recorded in the ResearchCompleted event. */
function readBack(page: string, url = result.url) {
  const source = toSource(1, { ...result, url }, okOutcome(page, url), validityRules());
  const report: ResearchReport = {
    keyword: "compost tea",
    sources: [source],
    competitors: analyseCompetitors([source], "compost tea"),
    timings: {},
  };
  return { source, recorded: RecordedResearchSchema.safeParse(recordResearch(report)) };
}

describe("sources cut to the schema's bounds", () => {
  it("keeps a page whose headline is a paragraph, whose title is stuffed and whose text is megabytes", () => {
    const stuffed = "compost tea ".repeat(150);
    const longHeading = `<h2>${"Brewing compost tea takes a day. ".repeat(40)}</h2>`;
    const items = Array.from(
      { length: 6000 },
      (_, i) => `<p>Point ${i}: compost tea is brewed from finished compost, water and air over a day.</p>`,
    ).join("");
    const huge = `<p>${"Compost tea feeds the soil life around the roots. ".repeat(25_000)}</p>`;
    const page = `<html><head><title>${stuffed}</title></head><body><article>${longHeading}${items}${huge}</article></body></html>`;
    const { source, recorded } = readBack(page);
    expect(source.status).toBe("ok");
    expect(SourceSchema.safeParse(source).success).toBe(true);
    expect(IncomingSourceSchema.safeParse(source).success).toBe(true);
    expect(recorded.success).toBe(true);
    expect(source.title.length).toBe(1000);
    expect(source.headings[0]?.text.length).toBe(1000);
    expect(source.paragraphs).toHaveLength(5000);
    expect(source.text.length).toBe(MAX_SOURCE_TEXT);
    expect(source.wordCount).toBeGreaterThan(200_000);
  });

  it("gives a competitor analysis a caller can hand back when the pages share a heading of a whole paragraph", () => {
    const heading = `<h2>${"Why compost tea needs air while it brews. ".repeat(20)}</h2>`;
    const page = `<html><head><title>Compost tea</title></head><body><article>${heading}${[1, 2, 3, 4]
      .map((n) => `<p>${paragraph(n)}</p>`)
      .join("")}</article></body></html>`;
    const sources = [1, 2, 3].map((id) =>
      toSource(id, { ...result, url: `https://garden${id}.example/tea` }, okOutcome(page), validityRules()),
    );
    const competitors = analyseCompetitors(sources, "compost tea");
    expect(competitors.commonHeadings[0]?.text.length).toBe(500);
    expect(IncomingCompetitorsSchema.safeParse(competitors).success).toBe(true);
  });

  it("records twenty pages of paragraph-long headings in an event well under a database row's 2 MB", () => {
    const outline = (page: number) =>
      Array.from(
        { length: 100 },
        (_, i) => `<h2>${`Heading ${page}-${i} on "compost" \\ tea `.repeat(30)}</h2><p>${paragraph(i)}</p>`,
      ).join("");
    const sources = Array.from({ length: 20 }, (_, i) =>
      toSource(
        i + 1,
        { ...result, url: `https://garden${i}.example/tea` },
        okOutcome(`<html><head><title>Compost tea</title></head><body><article>${outline(i)}</article></body></html>`),
        validityRules(),
      ),
    );
    expect(sources.every((source) => source.status === "ok" && source.headings.length === 100)).toBe(true);
    const report: ResearchReport = {
      keyword: "compost tea",
      sources,
      competitors: analyseCompetitors(sources, "compost tea"),
      timings: {},
    };
    const recorded = RecordedResearchSchema.parse(recordResearch(report));
    expect(new TextEncoder().encode(JSON.stringify(recorded)).length).toBeLessThan(1_000_000);
    expect(recorded.sources[0]?.headings.length).toBeGreaterThan(5);
  });

  it("fails a source whose address is longer than the bound rather than cite a cut address", () => {
    const url = `https://garden.example/${"a".repeat(2100)}`;
    const { source, recorded } = readBack(html, url);
    expect(source).toMatchObject({ status: "failed", reason: "invalid_url" });
    expect(source.url.length).toBe(2048);
    expect(recorded.success).toBe(true);
  });

  it("leaves out a link whose address is longer than the bound, and cuts a long link text", () => {
    const links = [
      { href: `https://garden.example/${"b".repeat(4100)}`, text: "too long" },
      { href: "https://garden.example/ok", text: "x".repeat(2500) },
    ];
    expect(fitSource({ ...fetched, links }).links).toEqual([
      { href: "https://garden.example/ok", text: "x".repeat(2000) },
    ]);
  });

  it("does not split a surrogate pair where it cuts", () => {
    const title = `${"a".repeat(999)}😀tail`;
    expect(fitSource({ ...fetched, title }).title).toBe("a".repeat(999));
  });

  it("gives sources that read back for generated hostile pages", () => {
    fc.assert(
      fc.property(fc.oneof(fragment, pageShape), (page) => {
        const { source, recorded } = readBack(page);
        expect(SourceSchema.safeParse(source).success).toBe(true);
        expect(recorded.success).toBe(true);
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });
});
