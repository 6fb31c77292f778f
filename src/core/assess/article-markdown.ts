import type { Article } from "../article/model";
import { labelsFor } from "../render/labels";
import { outsideCode } from "../text/markdown";

/**
 * The article as one Markdown page, the way readers will see it (title as H1, citations as links to their
 * sources, but not in code), for the SEO analyser. Analysis only: the product's renderers produce the published output.
 */
export function articleAsMarkdown(article: Article): string {
  const labels = labelsFor(article.language);
  const urls = new Map(article.sources.map((s) => [s.id, s.url]));
  // A marker in code (`x[1]`, a fenced listing) is code, not a citation: it stays as written.
  const link = (text: string) =>
    outsideCode(text, (prose) =>
      prose.replace(/\[(\d{1,3})\](?!\()/g, (marker, n: string) => {
        const url = urls.get(Number(n));
        return url ? `[[${n}]](${url})` : marker;
      }),
    );
  const parts = [`# ${article.title}`, link(article.intro)];
  for (const section of article.sections)
    parts.push(`${"#".repeat(section.level)} ${section.heading}`, link(section.body));
  if (article.faq.length) {
    parts.push(`## ${labels.faq}`);
    for (const entry of article.faq) parts.push(`### ${entry.question}`, link(entry.answer));
  }
  if (article.conclusion)
    parts.push(`## ${labels.conclusion}`, link(article.conclusion.body), article.conclusion.callToAction);
  return parts.join("\n\n");
}
