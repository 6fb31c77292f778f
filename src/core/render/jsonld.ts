import type { Article } from "../article/model";
import { plainText } from "./escape";

export interface PublicationMeta {
  canonicalUrl?: string;
  author?: string;
  publisher?: string;
  datePublished?: string;
}

/** schema.org `Article` (and `FAQPage` when there is an FAQ) describing the article. */
export function articleJsonLd(article: Article, meta: PublicationMeta = {}): Record<string, unknown>[] {
  const graph: Record<string, unknown>[] = [
    {
      "@context": "https://schema.org",
      "@type": "Article",
      headline: article.title.slice(0, 110),
      description: article.metaDescription,
      inLanguage: article.language,
      wordCount: article.wordCount,
      keywords: article.focusKeyphrase,
      ...(meta.canonicalUrl ? { url: meta.canonicalUrl, mainEntityOfPage: meta.canonicalUrl } : {}),
      ...(meta.author ? { author: { "@type": "Person", name: meta.author } } : {}),
      ...(meta.publisher ? { publisher: { "@type": "Organization", name: meta.publisher } } : {}),
      ...(meta.datePublished ? { datePublished: meta.datePublished } : {}),
      citation: article.sources.map((s) => ({
        "@type": "CreativeWork",
        name: s.title,
        url: s.url,
        ...(s.publishedAt ? { datePublished: s.publishedAt } : {}),
      })),
    },
  ];
  if (article.faq.length) {
    graph.push({
      "@context": "https://schema.org",
      "@type": "FAQPage",
      mainEntity: article.faq.map((entry) => ({
        "@type": "Question",
        name: plainText(entry.question),
        acceptedAnswer: { "@type": "Answer", text: plainText(entry.answer) },
      })),
    });
  }
  return graph;
}
