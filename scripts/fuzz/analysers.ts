import type { Article } from "../../src/core/article/model";
import { ArticleOptionsSchema } from "../../src/core/article/options";
import { RecordedResearchSchema } from "../../src/core/jobs/events";
import { recordResearch } from "../../src/core/jobs/research-record";
import { assessQuality } from "../../src/core/quality/index";
import { analyseCompetitors } from "../../src/core/research/competitors";
import { extractPage } from "../../src/core/research/extract/index";
import { toSource } from "../../src/core/research/source";
import { SourceSchema } from "../../src/core/research/source-schema";
import type { Source } from "../../src/core/research/types";
import { validityRules } from "../../src/core/research/validity";
import { analyzeSeo } from "../../src/core/seo/index";
import { IncomingCompetitorsSchema, IncomingSourceSchema } from "../../src/routes/research-input";

export const FUZZ_URL = "https://fuzz.example/blog/some-page";

/** An article written from the page, citing it, as a writer would hand it to the assessment. */
function articleFrom(page: ReturnType<typeof extractPage>, keyphrase: string): { article: Article; source: Source } {
  const text = (s: string | undefined, fallback: string, max = 10_000) =>
    s?.trim() ? s.trim().slice(0, max) : fallback;
  const paragraphs = page.paragraphs.length ? page.paragraphs : [page.text || "Nothing here."];
  const article: Article = {
    kind: "extractive",
    title: text(page.title, "Untitled", 200),
    metaDescription: text(page.metaDescription ?? paragraphs[0], "No description", 320),
    slug: "some-page",
    focusKeyphrase: keyphrase,
    language: page.language ?? "en",
    intro: `${text(paragraphs[0], "Intro")} [1]`,
    sections: [
      {
        heading: text(page.headings[0]?.text, "Section", 200),
        level: 2,
        body: `${text(paragraphs.slice(1, 4).join("\n\n"), "Body")} [1]`,
      },
      {
        heading: text(page.headings[1]?.text, "More", 200),
        level: 3,
        body: `${text(paragraphs.slice(4, 8).join(" "), "More body")} [2]`,
      },
    ],
    faq: page.headings
      .slice(0, 2)
      .map((h) => ({ question: text(h.text, "Why?", 300), answer: text(paragraphs.at(-1), "Because. [1]") })),
    citations: [
      { marker: 1, sourceId: 1, location: "intro" },
      { marker: 2, sourceId: 2, location: "section:1" },
    ],
    sources: [{ id: 1, url: FUZZ_URL, title: text(page.title, "Source", 1000) }],
    wordCount: page.wordCount,
    readingTimeMinutes: Math.ceil(page.wordCount / 200),
  };
  const source: Source = {
    id: 1,
    url: FUZZ_URL,
    status: "ok",
    title: page.title.slice(0, 1000),
    wordCount: page.wordCount,
    headings: page.headings.slice(0, 500).map((h) => ({ level: h.level, text: h.text.slice(0, 1000) })),
    paragraphs: page.paragraphs.slice(0, 5000),
    text: page.text,
  };
  return { article, source };
}

/**
 * The page as research keeps it: the source and the competitor analysis of two such pages must fit the schemas
 * callers hand back, and the report the ResearchCompleted event records (a page that breaks one would fail the
 * job's research, or a caller's `/v1/write`). Throws the schema's error.
 */
function readsBack(page: ReturnType<typeof extractPage>, keyword: string): void {
  const outcome = {
    ok: true as const,
    url: FUZZ_URL,
    finalUrl: FUZZ_URL,
    status: 200,
    contentType: "text/html",
    html: "",
    fetchedAt: "2026-01-01T00:00:00.000Z",
  };
  const result = { url: FUZZ_URL, title: "Fuzz", snippet: "", rank: 1, engine: "fuzz" };
  const source = toSource(1, result, outcome, validityRules(), page);
  SourceSchema.parse(source);
  IncomingSourceSchema.parse(source);
  const competitors = analyseCompetitors([source, { ...source, id: 2, url: `${FUZZ_URL}/2` }], keyword);
  IncomingCompetitorsSchema.parse(competitors);
  RecordedResearchSchema.parse(recordResearch({ keyword, sources: [source], competitors, timings: {} }));
}

/**
 * Everything that reads a fetched page or a written article, on one input: the extractor, the source research
 * keeps and records from it, the SEO analyser on the page and on its text as Markdown, and the quality assessment
 * of an article written from it. Throws what
 * they throw; returns the milliseconds it took.
 */
export function analysePage(html: string, keyphrase = "raised bed garden"): number {
  const started = performance.now();
  const page = extractPage(html, FUZZ_URL);
  readsBack(page, keyphrase);
  analyzeSeo({ content: html, format: "html", keyphrase, url: FUZZ_URL });
  analyzeSeo({
    content: page.paragraphs.join("\n\n"),
    format: "markdown",
    keyphrase,
    title: page.title,
    metaDescription: page.metaDescription,
    language: page.language,
  });
  const { article, source } = articleFrom(page, keyphrase);
  assessQuality(article, [source], { options: ArticleOptionsSchema.parse({ focusKeywords: [keyphrase] }) });
  return performance.now() - started;
}
