import type { Article, ArticleSource } from "../article/model";
import { safeHref } from "./escape";
import { type Labels, labelsFor } from "./labels";

/**
 * A YAML double-quoted scalar: JSON string syntax is valid YAML. Line separators and markup characters are
 * written as escapes, so the value reads back unchanged while the file carries no raw tags for a front-matter
 * consumer that pastes values into HTML.
 */
function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u2028\u2029<>&]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Markdown from a model or a source stays Markdown, but raw HTML tags are escaped and unsafe link targets
 * dropped, so a downstream renderer that allows HTML still gets nothing executable.
 */
function neutralise(markdown: string): string {
  return markdown
    .replace(/<(?=[A-Za-z/!?])/g, "\\<")
    .replace(/\]\(\s*<?([^)\s>]*)>?([^)]*)\)/g, (all, href: string) => (safeHref(href) ? all : "]()"));
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

export function renderMarkdown(article: Article): string {
  const labels = labelsFor(article.language);
  const front = [
    "---",
    `title: ${yamlString(article.title)}`,
    `description: ${yamlString(article.metaDescription)}`,
    `slug: ${yamlString(article.slug)}`,
    `keyphrase: ${yamlString(article.focusKeyphrase)}`,
    `language: ${yamlString(article.language)}`,
    `kind: ${yamlString(article.kind)}`,
    `wordCount: ${article.wordCount}`,
    `readingTimeMinutes: ${article.readingTimeMinutes}`,
    ...(article.disclaimer ? [`disclaimer: ${yamlString(article.disclaimer)}`] : []),
    "sources:",
    ...article.sources.map(
      (s) =>
        `  - { id: ${s.id}, title: ${yamlString(s.title)}, url: ${yamlString(s.url)}` +
        `${s.publishedAt ? `, published: ${s.publishedAt}` : ""}${s.retrievedAt ? `, retrieved: ${s.retrievedAt}` : ""} }`,
    ),
    "---",
  ];
  const body = [
    `# ${neutralise(oneLine(article.title))}`,
    ...(article.disclaimer ? [`> ${neutralise(oneLine(article.disclaimer))}`] : []),
    ...(article.toc?.length
      ? [
          article.toc
            .map((t) => `${t.level === 3 ? "  " : ""}- [${neutralise(oneLine(t.heading))}](#${t.anchor})`)
            .join("\n"),
        ]
      : []),
    neutralise(article.intro),
    ...article.sections.map((s) => `${"#".repeat(s.level)} ${neutralise(oneLine(s.heading))}\n\n${neutralise(s.body)}`),
    ...(article.faq.length
      ? [
          `## ${labels.faq}`,
          ...article.faq.map((f) => `### ${neutralise(oneLine(f.question))}\n\n${neutralise(f.answer)}`),
        ]
      : []),
    ...(article.conclusion
      ? [
          `## ${labels.conclusion}\n\n${neutralise(article.conclusion.body)}\n\n${neutralise(article.conclusion.callToAction)}`,
        ]
      : []),
    `## ${labels.sources}`,
    article.sources
      .map(
        (s) => `${s.id}. ${neutralise(oneLine(s.title || s.url))} <${safeHref(s.url) ?? ""}>${sourceDates(s, labels)}`,
      )
      .join("\n"),
    // Reference definitions turn every `[n]` marker into a link to its source.
    article.sources
      .filter((s) => safeHref(s.url))
      .map((s) => `[${s.id}]: <${safeHref(s.url)}> ${JSON.stringify(oneLine(s.title).replace(/[<>]/g, ""))}`)
      .join("\n"),
  ];
  return `${front.join("\n")}\n\n${body.filter(Boolean).join("\n\n")}\n`;
}

/** ` — published 2025-03-12 · retrieved 2026-12-03`, with what the source has of the two. */
export function sourceDates(source: ArticleSource, labels: Labels): string {
  const parts = [
    ...(source.publishedAt ? [`${labels.published} ${source.publishedAt}`] : []),
    ...(source.retrievedAt ? [`${labels.retrieved} ${source.retrievedAt}`] : []),
  ];
  return parts.length ? ` — ${parts.join(" · ")}` : "";
}
