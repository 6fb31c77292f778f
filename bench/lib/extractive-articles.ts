/**
 * A few articles from the built-in extractive writer, each written from one dataset page, so the agreement
 * benchmark also covers the kind of text this product produces.
 */
import { marked } from "marked";
import { defaultOptions } from "../../src/core/article/options";
import { articleAsMarkdown } from "../../src/core/assess/article-markdown";
import { assessArticle } from "../../src/core/assess/index";
import { analyseCompetitors } from "../../src/core/research/competitors";
import { toSource } from "../../src/core/research/source";
import { ExtractiveWriter } from "../../src/core/writing/extractive/index";

export interface Subject {
  id: string;
  html: string;
  title: string;
  metaDescription: string;
  slug: string;
  keyphrase: string;
  url: string;
}

export async function extractiveArticles(
  pages: { id: string; raw: string; url: string; keyphrase: string }[],
  wanted: number,
): Promise<{ subjects: Subject[]; notes: string[] }> {
  const writer = new ExtractiveWriter();
  const subjects: Subject[] = [];
  const notes: string[] = [];
  for (const page of pages) {
    if (subjects.length >= wanted) break;
    const url = page.url || `https://example.org/${page.id}`;
    const source = toSource(
      1,
      { url, title: "", snippet: "", rank: 1, engine: "bench" },
      {
        ok: true,
        url,
        finalUrl: url,
        status: 200,
        contentType: "text/html",
        html: page.raw,
        fetchedAt: "2026-01-01T00:00:00Z",
      },
      { minWords: 300, minParagraphs: 3, requireTitle: true },
    );
    if (source.status !== "ok") continue;
    const options = { ...defaultOptions(), targetWords: 800 };
    try {
      const { article } = await writer.write({
        keyword: page.keyphrase,
        options,
        sources: [source],
        competitors: analyseCompetitors([source], page.keyphrase),
      });
      const assessment = assessArticle(article, { sources: [source], options });
      notes.push(
        `${page.id}: "${page.keyphrase}" → ${article.wordCount} words; assessArticle overall ${assessment.score} (SEO ${assessment.seo.score}, quality ${assessment.quality.score})`,
      );
      subjects.push({
        id: `extractive:${page.id}`,
        html: String(marked.parse(articleAsMarkdown(article), { async: false })),
        title: article.title,
        metaDescription: article.metaDescription,
        slug: article.slug,
        keyphrase: article.focusKeyphrase,
        url: "",
      });
    } catch (error) {
      notes.push(`${page.id}: not written (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return { subjects, notes };
}
