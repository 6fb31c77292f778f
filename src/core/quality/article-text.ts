import type { Article } from "../article/model";
import { sentences } from "../text/tokens";

/** One piece of an article's prose with where it sits, so findings can point at it. */
export interface Block {
  location: string;
  markdown: string;
}

export function articleBlocks(article: Article): Block[] {
  return [
    { location: "intro", markdown: article.intro },
    ...article.sections.map((s, i) => ({ location: `section:${i}`, markdown: s.body })),
    ...article.faq.map((f, i) => ({ location: `faq:${i}`, markdown: f.answer })),
    ...(article.conclusion ? [{ location: "conclusion", markdown: article.conclusion.body }] : []),
  ];
}

/** `[1]`, `[1][2]` and `[1, 2]` markers; a Markdown link `[text](url)` is not one. */
const MARKERS = /\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\](?!\()/g;

export function citationMarkers(text: string): number[] {
  const out: number[] = [];
  for (const match of text.matchAll(MARKERS)) for (const n of (match[1] ?? "").split(",")) out.push(Number(n.trim()));
  return out;
}

export function stripMarkers(text: string): string {
  return text.replace(MARKERS, "").replace(/\s+([.,;:!?])/g, "$1");
}

/** Markdown reduced to its words: links keep their text, emphasis, code ticks, heading and quote marks go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "");
}

export interface ArticleSentence {
  location: string;
  text: string;
  markers: number[];
}

/** Every sentence of the prose, with the citation markers it carries. */
export function articleSentences(article: Article): ArticleSentence[] {
  return articleBlocks(article).flatMap((block) =>
    sentences(plainText(block.markdown)).map((text) => ({
      location: block.location,
      text,
      markers: citationMarkers(text),
    })),
  );
}

export function articleWordText(article: Article): string {
  return articleBlocks(article)
    .map((b) => stripMarkers(plainText(b.markdown)))
    .join("\n\n");
}
