import type { Article, ArticleSource } from "../article/model";
import { safeHref } from "./escape";
import { type Labels, labelsFor, sourceDays } from "./labels";

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
  return escapeDefinitions(safeLinkTargets(markdown.replace(/<(?=[A-Za-z/!?])/g, "\\<")));
}

/** A line's start up to a `[`: white space, a quote's `>` and list markers. */
const LINE_TO_BRACKET = /^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))*[ \t]*\[/gm;
/** CommonMark's longest link label. */
const MAX_LABEL_CHARS = 999;

/**
 * Escapes the `[` of each line that would open a link reference definition (`[label]: target`), also inside a
 * quote or a list item, and with a label that runs over several lines: a definition in a model's or a source's
 * text would set where `[1]` or any other label points, ahead of the source list's own definitions (a label's
 * first definition wins), with a target that is no `](…)` for `safeLinkTargets` to read. Escaped, the line
 * reads as the same text. A label ends at the next unescaped bracket; as each candidate `[` is itself a bracket,
 * the spans read between a candidate and its closing bracket do not overlap, so the cost is linear.
 */
export function escapeDefinitions(markdown: string): string {
  const brackets: number[] = [];
  for (let at = 0; at < markdown.length; at++) {
    const code = markdown.charCodeAt(at);
    if (code === 92) at++;
    else if (code === 91 || code === 93) brackets.push(at);
  }
  let out = "";
  let from = 0;
  let next = 0;
  for (const match of markdown.matchAll(LINE_TO_BRACKET)) {
    const open = match.index + match[0].length - 1;
    while (next < brackets.length && (brackets[next] as number) <= open) next++;
    const close = brackets[next];
    if (close === undefined || markdown[close] !== "]" || markdown[close + 1] !== ":") continue;
    if (close - open - 1 > MAX_LABEL_CHARS || /\n[ \t]*\n/.test(markdown.slice(open, close))) continue;
    out += `${markdown.slice(from, open)}\\`;
    from = open;
  }
  return out + markdown.slice(from);
}

/** The longest link target read; one that runs on past it is taken for unsafe. */
const MAX_TARGET_CHARS = 4096;

/**
 * Every `](target)` whose target `safeHref` refuses becomes `]()`. Targets are read as the parser reads them: after
 * white space, either `<…>` or a run without white space whose parentheses balance, then an optional title, to the
 * closing `)`. A target that does not end within MAX_TARGET_CHARS, or at all, has its `](` escaped, so no parser
 * reads a link there. Each target is read at most MAX_TARGET_CHARS far, so a text of many `](` costs time linear
 * in its length; a regular expression for it took cubic time on a run of `](`.
 */
export function safeLinkTargets(markdown: string): string {
  let out = "";
  let from = 0;
  // The next `)` after a point, kept from one target to the next: a target that cannot close is known at once.
  let close = -1;
  for (let at = markdown.indexOf("](", from); at >= 0; at = markdown.indexOf("](", from)) {
    if (close !== Number.POSITIVE_INFINITY && close < at + 2) {
      const next = markdown.indexOf(")", at + 2);
      close = next < 0 ? Number.POSITIVE_INFINITY : next;
    }
    const target = close - (at + 2) > MAX_TARGET_CHARS ? undefined : linkTarget(markdown, at + 2);
    if (target === undefined) {
      out += `${markdown.slice(from, at)}]\\(`;
      from = at + 2;
    } else {
      const whole = markdown.slice(at, target.end);
      out += markdown.slice(from, at) + (safeHref(target.href) ? whole : "]()");
      from = target.end;
    }
  }
  return out + markdown.slice(from);
}

/** The target that starts at `start` (just after `](`) and where its `)` ends, or undefined when none does. */
function linkTarget(text: string, start: number): { href: string; end: number } | undefined {
  const limit = Math.min(text.length, start + MAX_TARGET_CHARS);
  let at = start;
  while (at < limit && /\s/.test(text[at] ?? "")) at++;
  let href: string;
  if (text[at] === "<") {
    const close = text.indexOf(">", at);
    if (close < 0 || close >= limit) return undefined;
    href = text.slice(at + 1, close);
    at = close + 1;
  } else {
    const begin = at;
    let depth = 0;
    for (; at < limit; at++) {
      const ch = text[at] ?? "";
      if (/\s/.test(ch)) break;
      if (ch === "(") depth++;
      else if (ch === ")") {
        if (depth === 0) break;
        depth--;
      }
    }
    href = text.slice(begin, at);
  }
  const close = text.indexOf(")", at);
  return close < 0 || close >= limit ? undefined : { href, end: close + 1 };
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
function sourceDates(source: ArticleSource, labels: Labels): string {
  const days = sourceDays(source, labels).map(({ label, day }) => `${label} ${day}`);
  return days.length ? ` — ${days.join(" · ")}` : "";
}
