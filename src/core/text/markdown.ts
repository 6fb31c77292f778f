import { words } from "./tokens";

/**
 * `[1]`, `[1][2]` and `[1, 2]` markers; a Markdown link `[text](url)` is not one. A research run reads at most 20
 * sources, so a marker has one to three digits: a bracketed year ("Best laptops [2024]") is text.
 */
const MARKERS = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\](?!\()/g;

/**
 * Every citation marker number in a piece of Markdown, in order of appearance (`[1, 3]` gives 1 and 3). A marker's
 * look-alike in a code span or fenced code (`arr[1]`) is code, not a citation.
 */
export function citationMarkers(text: string): number[] {
  const out: number[] = [];
  outsideCode(text, (prose) => {
    for (const match of prose.matchAll(MARKERS))
      for (const n of (match[1] ?? "").split(/[,;]/)) out.push(Number(n.trim()));
    return prose;
  });
  return out;
}

export function stripMarkers(text: string): string {
  return text.replace(MARKERS, "").replace(/(?<!\s)\s+([.,;:!?])/g, "$1");
}

/**
 * A Markdown link or image, `[text](target "title")`, its text in group 1. Each part stops at a bracket, so a text of
 * many unclosed `[`, `](` or `![` costs time linear in its length (`[^\]]*` and `[^)]*` scanned to the end from
 * every one of them: 64 KB of `![a` took a second); a target may hold one level of parentheses, and a title after
 * it starts after its white space, so the white space is read once (letting both take it was quadratic in it).
 */
export const MARKDOWN_LINK = /!?\[([^[\]]*)\]\((?:[^()[\]\s]|\([^()[\]\s]*\))*(?:\s+(?:[^()[\]\s][^()[\]\n]*)?)?\)/g;

/** Markdown reduced to its words: links keep their text, emphasis, code ticks, heading, list and quote marks go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(MARKDOWN_LINK, "$1")
    .replace(/^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "");
}

/** Words a reader sees in Markdown: citation markers, link targets and syntax do not count. */
export function countWords(markdown: string): number {
  return words(stripMarkers(plainText(markdown))).length;
}

/** The most emphasis and strikethrough delimiters (`*`, `_`, `~`) one paragraph keeps as markup (see `boundedEmphasis`). */
export const MAX_EMPHASIS_DELIMITERS = 256;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** An unescaped `*`, `_` or `~`; a bullet's `*` at a line's start (group 1) is matched to be left alone. */
const DELIMITER = /(^[ \t]*\*(?=[ \t]))|(?<!\\)[*_~]/gm;

/**
 * Markdown whose paragraphs each hold at most MAX_EMPHASIS_DELIMITERS unescaped `*`, `_` and `~`; a paragraph with
 * more has them all escaped, so it reads as the same words without emphasis. The parser matches emphasis delimiters
 * against each other across a paragraph, and a paragraph of them costs it time that grows with their square: 64 KB
 * of `*a_` took 24 s, and 160 KB of `a~b` (strikethrough, looked for from every `~` to the paragraph's end) 2.4 s,
 * while 64 bold phrases, more than prose carries, are 256. Fenced code is left as it is (its
 * text is never parsed for emphasis), and a paragraph under the bound is returned unchanged.
 */
export function boundedEmphasis(markdown: string): string {
  if (countDelimiters(markdown) <= MAX_EMPHASIS_DELIMITERS) return markdown;
  const out: string[] = [];
  let paragraph: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    const text = paragraph.join("\n");
    const escaped = (match: string, bullet?: string) => bullet ?? `\\${match}`;
    out.push(countDelimiters(text) > MAX_EMPHASIS_DELIMITERS ? text.replace(DELIMITER, escaped) : text);
    paragraph = [];
  };
  for (const line of markdown.split("\n")) {
    const opener = FENCE.exec(line)?.[1];
    if (fence) {
      out.push(line);
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
    } else if (opener) {
      if (paragraph.length) flush();
      fence = opener;
      out.push(line);
    } else if (!line.trim()) {
      if (paragraph.length) flush();
      out.push(line);
    } else paragraph.push(line);
  }
  if (paragraph.length) flush();
  return out.join("\n");
}

/**
 * Markdown with `change` applied to its prose only: code (fenced blocks, from an opening ``` or ~~~ line to a
 * closing one of the same character at least as long, else the end; code spans, a run of backticks to the next run
 * as long within the paragraph) is kept as written. The one definition of "inside code" for whatever reads
 * Markdown text: citation markers in code are code, not citations.
 */
export function outsideCode(markdown: string, change: (prose: string) => string): string {
  // Without a backtick or a tilde there is no code: the common case, a sentence or a section of prose.
  if (!markdown.includes("`") && !markdown.includes("~")) return change(markdown);
  let out = "";
  let paragraph = "";
  let fence: string | undefined;
  const flush = () => {
    out += outsideSpans(paragraph, change);
    paragraph = "";
  };
  const lines = markdown.split("\n");
  for (const [index, line] of lines.entries()) {
    const text = index < lines.length - 1 ? `${line}\n` : line;
    const opener = FENCE.exec(line)?.[1];
    if (fence) {
      out += text;
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
    } else if (opener) {
      flush();
      fence = opener;
      out += text;
    } else if (!line.trim()) {
      flush();
      out += change(text);
    } else paragraph += text;
  }
  flush();
  return out;
}

/**
 * A paragraph with `change` applied outside its code spans. An opening run is matched with the next run of its
 * length, found by a cursor per length that only moves forward, so many unmatched runs cost time linear in them.
 */
function outsideSpans(paragraph: string, change: (prose: string) => string): string {
  const runs = [...paragraph.matchAll(/`+/g)].map((match) => ({ at: match.index, length: match[0].length }));
  const byLength = new Map<number, number[]>();
  for (const [index, run] of runs.entries()) {
    const same = byLength.get(run.length);
    if (same) same.push(index);
    else byLength.set(run.length, [index]);
  }
  const cursors = new Map<number, number>();
  let out = "";
  let from = 0;
  let index = 0;
  while (index < runs.length) {
    const run = runs[index] as { at: number; length: number };
    // A backslash before a run escapes its first tick, which stays text.
    const escaped = paragraph[run.at - 1] === "\\" ? 1 : 0;
    const length = run.length - escaped;
    const candidates = byLength.get(length) ?? [];
    let cursor = cursors.get(length) ?? 0;
    while (cursor < candidates.length && (candidates[cursor] as number) <= index) cursor++;
    cursors.set(length, cursor);
    const closer = length > 0 ? candidates[cursor] : undefined;
    if (closer === undefined) {
      index++;
      continue;
    }
    const start = run.at + escaped;
    const end = (runs[closer] as { at: number }).at + length;
    out += change(paragraph.slice(from, start)) + paragraph.slice(start, end);
    from = end;
    index = closer + 1;
  }
  return out + change(paragraph.slice(from));
}

function countDelimiters(text: string): number {
  let count = 0;
  for (const match of text.matchAll(DELIMITER)) if (match[1] === undefined) count++;
  return count;
}

/** How deep quotes and lists may nest in Markdown given to the parser; an article needs two or three levels. */
export const MAX_CONTAINER_DEPTH = 8;
/** A container marker: a quote's `>`, a bullet or a number with the space after it. */
const MARKER = String.raw`(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))`;
/** A container marker at a line's start, with the white space around it. */
const CONTAINER_MARKER = new RegExp(String.raw`[ \t]*${MARKER}[ \t]*`, "y");
/**
 * Markers a line could nest deeper than the bound with: `>>>>…`, `> - > - …`, `1. 1. 1. …`. The white space
 * between two markers is read by one of them only: letting both take it cost time quadratic in it.
 */
export const DEEP_CONTAINERS = new RegExp(String.raw`^[ \t]*(?:${MARKER}[ \t]*){${MAX_CONTAINER_DEPTH + 1},}`, "gm");

/**
 * Markdown with each line's run of quote and list markers cut to MAX_CONTAINER_DEPTH. The parser makes a
 * container per marker, so a line of a hundred thousand `>` cost seconds of CPU (about 8 µs a marker, parsed
 * twice and then walked as HTML) for an analysis or a page that reads no differently past a few levels.
 */
export function shallowContainers(markdown: string): string {
  return markdown.replace(DEEP_CONTAINERS, (run) => {
    let kept = "";
    CONTAINER_MARKER.lastIndex = 0;
    for (let depth = 0; depth < MAX_CONTAINER_DEPTH; depth++) {
      const marker = CONTAINER_MARKER.exec(run);
      if (!marker) break;
      kept += marker[0];
    }
    return kept;
  });
}

/**
 * Markdown as the parser may be given it, by the SEO analysis and the article renderer alike: quote and list
 * nesting cut to MAX_CONTAINER_DEPTH, and emphasis delimiters bounded per paragraph (`boundedEmphasis`). Prose is
 * returned unchanged; only input that would cost the parser seconds reads differently.
 */
export function parserReady(markdown: string): string {
  return boundedEmphasis(shallowContainers(markdown));
}
