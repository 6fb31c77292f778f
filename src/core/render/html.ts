import type { Article } from "../article/model";
import { headingAnchors } from "../article/text";
import { escapeHtml, jsonForScript, safeHref } from "./escape";
import { articleJsonLd, type PublicationMeta } from "./jsonld";
import { labelsFor, sourceDays } from "./labels";
import { markdownRenderer } from "./markdown-html";

function head(article: Article, meta: PublicationMeta): string {
  const canonical = meta.canonicalUrl ? safeHref(meta.canonicalUrl) : undefined;
  const ld = articleJsonLd(article, { ...meta, ...(canonical ? { canonicalUrl: canonical } : {}) });
  return [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(article.title)}</title>`,
    `<meta name="description" content="${escapeHtml(article.metaDescription)}">`,
    ...(canonical ? [`<link rel="canonical" href="${escapeHtml(canonical)}">`] : []),
    '<meta property="og:type" content="article">',
    `<meta property="og:title" content="${escapeHtml(article.title)}">`,
    `<meta property="og:description" content="${escapeHtml(article.metaDescription)}">`,
    ...(canonical ? [`<meta property="og:url" content="${escapeHtml(canonical)}">`] : []),
    `<meta property="og:locale" content="${escapeHtml(article.language.replace("-", "_"))}">`,
    '<meta name="twitter:card" content="summary">',
    ...ld.map((block) => `<script type="application/ld+json">${jsonForScript(block)}</script>`),
  ].join("\n");
}

/** A complete, semantic HTML document; every string from a source or a model is escaped or sanitised. */
export function renderHtml(article: Article, opts: PublicationMeta = {}): string {
  const md = markdownRenderer(new Set(article.sources.map((s) => s.id)));
  const labels = labelsFor(article.language);
  const anchors = article.toc?.map((t) => t.anchor) ?? headingAnchors(article.sections.map((s) => s.heading));
  const toc = article.toc?.length
    ? `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">${labels.toc}</h2><ol>${article.toc
        .map(
          (t) =>
            `<li class="toc-level-${t.level}"><a href="#${escapeHtml(t.anchor)}">${escapeHtml(t.heading)}</a></li>`,
        )
        .join("")}</ol></nav>`
    : "";
  const sections = article.sections.map((section, i) => {
    const tag = `h${section.level}`;
    const id = escapeHtml(anchors[i] ?? `section-${i + 1}`);
    return `<section id="${id}"><${tag}>${escapeHtml(section.heading)}</${tag}>\n${md.block(section.body)}</section>`;
  });
  const faq = article.faq.length
    ? `<section id="faq" class="faq"><h2>${labels.faq}</h2>${article.faq
        .map((f) => `<h3>${escapeHtml(f.question)}</h3>\n${md.block(f.answer)}`)
        .join("\n")}</section>`
    : "";
  const conclusion = article.conclusion
    ? `<section id="conclusion" class="conclusion"><h2>${labels.conclusion}</h2>${md.block(article.conclusion.body)}` +
      `<p class="call-to-action">${md.inline(article.conclusion.callToAction)}</p></section>`
    : "";
  const sources = `<aside id="sources" class="sources" aria-labelledby="sources-title"><h2 id="sources-title">${labels.sources}</h2><ol>${article.sources
    .map((s) => {
      const href = safeHref(s.url);
      const label = escapeHtml(s.title || s.url);
      const link = href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener">${label}</a>` : label;
      const dates = sourceDays(s, labels).map(({ label, day }) => `${label} <time datetime="${day}">${day}</time>`);
      const dated = dates.length ? ` <span class="source-dates">— ${dates.join(" · ")}</span>` : "";
      return `<li id="source-${s.id}" value="${s.id}">${link}${dated}</li>`;
    })
    .join("")}</ol></aside>`;
  const disclaimer = article.disclaimer
    ? `<aside class="disclaimer" role="note"><p>${escapeHtml(article.disclaimer)}</p></aside>`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(article.language)}">
<head>
${head(article, opts)}
</head>
<body>
<article class="article article-${article.kind}">
<header><h1>${escapeHtml(article.title)}</h1><p class="byline">${labels.byline(article.readingTimeMinutes, article.wordCount)}</p>${disclaimer}</header>
${toc}
<section class="intro">${md.block(article.intro)}</section>
${sections.join("\n")}
${faq}
${conclusion}
${sources}
</article>
</body>
</html>
`;
}
