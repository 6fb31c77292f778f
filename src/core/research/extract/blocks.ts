import type { Heading } from "../types";
import { type DomElement, type DomNode, isElement, normalizedLength, normalizeSpace, TEXT_NODE } from "./dom";

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
/** Elements whose blocks are judged together: the items of a list, the cells of a table. */
const GROUP_TAGS = new Set(["ul", "ol", "dl", "table"]);

/** One block of text as a reader sees it: a paragraph, a heading or a list item. */
export interface Block {
  kind: "paragraph" | "heading" | "item";
  /** Heading level 1–6, 0 for other blocks. */
  level: number;
  /** Which list of the region an item belongs to, -1 for other blocks. */
  list: number;
  text: string;
  /** Characters of `text` that are link text. */
  linkChars: number;
  /** Which list or table of the region the block sits in, -1 for none. */
  group: number;
  /** Anchors whose text is in this block. */
  anchors: DomElement[];
  /** The innermost table cell (`td`, `th`) the block sits in, null for none. */
  cell: DomElement | null;
}

type Context = ({ kind: "paragraph" } | { kind: "heading"; level: number } | { kind: "item"; list: number }) & {
  group: number;
  cell: DomElement | null;
};

/** Splits the region under `root` into headings, paragraphs and list items, leaving out what `skip` rejects. */
export function segmentBlocks(root: DomElement | null, skip?: (element: DomElement) => boolean): Block[] {
  const blocks: Block[] = [];
  let buffer: string[] = [];
  let linkChars = 0;
  let anchors: DomElement[] = [];
  let lists = 0;
  let groups = 0;

  const flush = (context: Context) => {
    if (buffer.length === 0) {
      // No text since the last block: nothing to keep, and what was counted for it goes with it.
      linkChars = 0;
      anchors = [];
      return;
    }
    const raw = buffer.join("");
    buffer = [];
    const text = normalizeSpace(raw);
    const block: Block = {
      kind: context.kind,
      level: context.kind === "heading" ? context.level : 0,
      list: context.kind === "item" ? context.list : -1,
      text,
      linkChars: Math.min(linkChars, text.length),
      group: context.group,
      anchors,
      cell: context.cell,
    };
    linkChars = 0;
    anchors = [];
    if (text) blocks.push(block);
  };

  const walk = (node: DomNode, context: Context, link: DomElement | null): void => {
    if (node.nodeType === TEXT_NODE) {
      const text = node.textContent ?? "";
      buffer.push(text);
      if (link) linkChars += normalizedLength(text);
      return;
    }
    if (!isElement(node)) return;
    const tag = node.localName;
    if (SKIPPED_TAGS.has(tag) || skip?.(node)) return;
    const anchor = tag === "a" ? node : link;
    if (tag === "a") anchors.push(node);
    if (!BLOCK_TAGS.has(tag)) {
      walkChildren(node, context, anchor);
      return;
    }
    flush(context);
    const heading = HEADING.exec(tag);
    let inner: Context = context;
    const group = GROUP_TAGS.has(tag) ? groups++ : context.group;
    const cell = tag === "td" || tag === "th" ? node : context.cell;
    if (heading) inner = { kind: "heading", level: Number(heading[1]), group, cell };
    else if (tag === "ul" || tag === "ol" || (tag === "li" && context.kind !== "item")) {
      inner = { kind: "item", list: lists++, group, cell };
    } else if (group !== context.group || cell !== context.cell) inner = { ...context, group, cell };
    walkChildren(node, inner, anchor);
    flush(inner);
  };

  const walkChildren = (element: DomElement, context: Context, link: DomElement | null) => {
    for (let child = element.firstChild; child; child = child.nextSibling) walk(child, context, link);
  };

  if (root) walk(root, { kind: "paragraph", group: -1, cell: null }, null);
  flush({ kind: "paragraph", group: -1, cell: null });
  return blocks;
}

/** Sorts blocks into headings, paragraphs and lists, keeping the reading order of each. */
export function assembleBlocks(blocks: Block[]): ContentBlocks {
  const content: ContentBlocks = { headings: [], paragraphs: [], lists: [], text: "" };
  const lists = new Map<number, string[]>();
  for (const block of blocks) {
    if (block.kind === "heading") content.headings.push({ level: block.level, text: block.text });
    else if (block.kind === "paragraph") content.paragraphs.push(block.text);
    else {
      let list = lists.get(block.list);
      if (!list) {
        list = [];
        lists.set(block.list, list);
        content.lists.push(list);
      }
      list.push(block.text);
    }
  }
  content.text = blocks.map((block) => block.text).join("\n");
  return content;
}
