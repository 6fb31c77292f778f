import type { Article } from "../../src/core/article/model";
import { ArticleOptionsSchema } from "../../src/core/article/options";
import { assessQuality } from "../../src/core/quality/index";
import { extractPage } from "../../src/core/research/extract/index";
import type { Source } from "../../src/core/research/types";
import { analyzeSeo } from "../../src/core/seo/index";

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
 * Everything that reads a fetched page or a written article, on one input: the extractor, the SEO analyser on
 * the page and on its text as Markdown, and the quality assessment of an article written from it. Throws what
 * they throw; returns the milliseconds it took.
 */
export function analysePage(html: string, keyphrase = "raised bed garden"): number {
  const started = performance.now();
  const page = extractPage(html, FUZZ_URL);
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
