import { words } from "./tokens";

/** `[1]`, `[1][2]` and `[1, 2]` markers; a Markdown link `[text](url)` is not one. */
const MARKERS = /\[(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)\](?!\()/g;

/** Every citation marker number in a piece of text, in order of appearance (`[1, 3]` gives 1 and 3). */
export function citationMarkers(text: string): number[] {
  const out: number[] = [];
  for (const match of text.matchAll(MARKERS))
    for (const n of (match[1] ?? "").split(/[,;]/)) out.push(Number(n.trim()));
  return out;
}

export function stripMarkers(text: string): string {
  return text.replace(MARKERS, "").replace(/\s+([.,;:!?])/g, "$1");
}

/** Markdown reduced to its words: links keep their text, emphasis, code ticks, heading, list and quote marks go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "");
}

/** Words a reader sees in Markdown: citation markers, link targets and syntax do not count. */
export function countWords(markdown: string): number {
  return words(stripMarkers(plainText(markdown))).length;
}
