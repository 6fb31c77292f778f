import type { Heading } from "../types";
import { type DomElement, type DomNode, isElement, normalizeSpace, TEXT_NODE } from "./dom";

/** Text blocks of a content region, in reading order, sorted by what they are. */
export interface ContentBlocks {
  headings: Heading[];
  paragraphs: string[];
  lists: string[][];
  /** Every block's text in reading order, one block per line. */
  text: string;
}

/** Elements whose content is never reading text. */
export const SKIPPED_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "embed",
  "canvas",
  "button",
  "select",
  "option",
  "textarea",
  "input",
  "head",
  "title",
  "meta",
  "link",
]);

/** Elements that start a new block of text when rendered. */
export const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "br",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
  "html",
]);

const HEADING = /^h([1-6])$/;

type Context = { kind: "paragraph" } | { kind: "heading"; level: number } | { kind: "item"; list: string[] };

/** Splits the region under `root` into headings, paragraphs and list items, leaving out what `skip` rejects. */
export function collectBlocks(root: DomElement | null, skip?: (element: DomElement) => boolean): ContentBlocks {
  const blocks: ContentBlocks = { headings: [], paragraphs: [], lists: [], text: "" };
  const lines: string[] = [];
  let buffer: string[] = [];

  const flush = (context: Context) => {
    const text = normalizeSpace(buffer.join(""));
    buffer = [];
    if (!text) return;
    lines.push(text);
    if (context.kind === "heading") blocks.headings.push({ level: context.level, text });
    else if (context.kind === "item") context.list.push(text);
    else blocks.paragraphs.push(text);
  };

  const walk = (node: DomNode, context: Context): void => {
    if (node.nodeType === TEXT_NODE) {
      buffer.push(node.textContent ?? "");
      return;
    }
    if (!isElement(node)) return;
    const tag = node.localName;
    if (SKIPPED_TAGS.has(tag) || skip?.(node)) return;
    if (!BLOCK_TAGS.has(tag)) {
      walkChildren(node, context);
      return;
    }
    flush(context);
    const heading = HEADING.exec(tag);
    let inner: Context = context;
    if (heading) inner = { kind: "heading", level: Number(heading[1]) };
    else if (tag === "ul" || tag === "ol") inner = { kind: "item", list: [] };
    else if (tag === "li" && context.kind !== "item") inner = { kind: "item", list: [] };
    walkChildren(node, inner);
    flush(inner);
    if (inner !== context && inner.kind === "item" && inner.list.length > 0) blocks.lists.push(inner.list);
  };

  const walkChildren = (element: DomElement, context: Context) => {
    const children = Array.from(element.childNodes);
    for (const child of children) walk(child, context);
  };

  if (root) walk(root, { kind: "paragraph" });
  flush({ kind: "paragraph" });
  blocks.text = lines.join("\n");
  return blocks;
}
