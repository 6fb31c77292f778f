import type { Article } from "../article/model";
import { articleJsonLd, type PublicationMeta } from "./jsonld";

export { renderHtml } from "./html";
export type { PublicationMeta } from "./jsonld";
export { renderMarkdown } from "./markdown";

/** The article as JSON, with its schema.org description alongside. */
export function renderJson(article: Article, meta: PublicationMeta = {}): unknown {
  return { ...article, jsonLd: articleJsonLd(article, meta) };
}
