import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { type Article, ArticleSchema } from "../../src/core/article/model";
import { articleAsMarkdown } from "../../src/core/assess/article-markdown";
import { renderHtml, renderMarkdown } from "../../src/core/render";

function article(language: string): Article {
  return ArticleSchema.parse({
    kind: "llm",
    title: "Compost",
    metaDescription: "Compost at home.",
    slug: "compost",
    focusKeyphrase: "compost",
    language,
    intro: "Intro [1].",
    sections: [{ heading: "Heat", level: 2, body: "Heat [1]." }],
    toc: [{ heading: "Heat", anchor: "heat", level: 2 }],
    faq: [{ question: "Why?", answer: "Because [1]." }],
    conclusion: { body: "Done [1].", callToAction: "Start now." },
    citations: [{ marker: 1, sourceId: 1, location: "intro" }],
    sources: [{ id: 1, url: "https://example.org/one", title: "One" }],
    wordCount: 120,
    readingTimeMinutes: 1,
  });
}

/** The renderers' fixed headings, in the order toc, FAQ, conclusion, sources, for each language tested. */
const HEADINGS = {
  en: ["Contents", "Frequently asked questions", "Conclusion", "Sources"],
  fr: ["Sommaire", "Questions fréquentes", "Conclusion", "Sources"],
  de: ["Inhalt", "Häufig gestellte Fragen", "Fazit", "Quellen"],
  es: ["Índice", "Preguntas frecuentes", "Conclusión", "Fuentes"],
};

const htmlHeadings = (html: string) => [...parseHTML(html).document.querySelectorAll("h2")].map((h) => h.textContent);
const markdownHeadings = (markdown: string) => markdown.match(/^## .+$/gm)?.map((h) => h.slice(3)) ?? [];

describe("fixed headings in the article's language", () => {
  it("the HTML renderer labels contents, FAQ, conclusion, sources and the byline in French and German", () => {
    const french = renderHtml(article("fr"));
    expect(htmlHeadings(french).filter((h) => h !== "Heat")).toEqual(HEADINGS.fr);
    expect(parseHTML(french).document.querySelector(".byline")?.textContent).toBe("1 min de lecture · 120 mots");
    expect(htmlHeadings(renderHtml(article("de-AT"))).filter((h) => h !== "Heat")).toEqual(HEADINGS.de);
  });

  it("the Markdown renderer writes its FAQ, conclusion and sources headings in French and Spanish", () => {
    expect(markdownHeadings(renderMarkdown(article("fr-CA")))).toEqual(["Heat", ...HEADINGS.fr.slice(1)]);
    expect(markdownHeadings(renderMarkdown(article("es")))).toEqual(["Heat", ...HEADINGS.es.slice(1)]);
  });

  it("the page the SEO analyser reads has its FAQ and conclusion headings in French and German", () => {
    expect(markdownHeadings(articleAsMarkdown(article("fr")))).toEqual(["Heat", ...HEADINGS.fr.slice(1, 3)]);
    expect(markdownHeadings(articleAsMarkdown(article("de")))).toEqual(["Heat", ...HEADINGS.de.slice(1, 3)]);
  });

  it("falls back to English for a language without its own labels", () => {
    for (const language of ["it", "ja", "en-GB"]) {
      const html = renderHtml(article(language));
      expect(
        htmlHeadings(html).filter((h) => h !== "Heat"),
        language,
      ).toEqual(HEADINGS.en);
      expect(parseHTML(html).document.querySelector(".byline")?.textContent).toBe("1 min read · 120 words");
      expect(markdownHeadings(renderMarkdown(article(language))), language).toEqual(["Heat", ...HEADINGS.en.slice(1)]);
      expect(markdownHeadings(articleAsMarkdown(article(language))), language).toEqual([
        "Heat",
        ...HEADINGS.en.slice(1, 3),
      ]);
    }
  });
});
