import { BLOCK_TAGS, type Block, SKIPPED_TAGS } from "../../src/core/research/extract/blocks";
import { isBoilerplate } from "../../src/core/research/extract/boilerplate";
import {
  type DomElement,
  type DomNode,
  isElement,
  normalizedLength,
  normalizeSpace,
  TEXT_NODE,
} from "../../src/core/research/extract/dom";
import { marksArticle } from "../../src/core/research/extract/regions";
import { vocabularyHits } from "./vocabulary";

/**
 * What the elements around a block's text say about it, one bit each. The tag bits come from the element or
 * one of its ancestors; the vocabulary bits from the class/id words of any of them (`vocabulary.ts`).
 */
export const CONTEXT = {
  inRegion: 1 << 0,
  boilerplate: 1 << 1,
  marked: 1 << 2,
  list: 1 << 3,
  table: 1 << 4,
  quote: 1 << 5,
  figure: 1 << 6,
  pre: 1 << 7,
  header: 1 << 8,
  footer: 1 << 9,
  nav: 1 << 10,
  aside: 1 << 11,
  form: 1 << 12,
  link: 1 << 13,
  emphasis: 1 << 14,
  hidden: 1 << 15,
} as const;

/** The first bit of the class/id vocabulary; vocabulary bit `i` is `1 << (VOCABULARY_SHIFT + i)`. */
export const VOCABULARY_SHIFT = 16;

const TAG_CONTEXT: Record<string, number> = {
  ul: CONTEXT.list,
  ol: CONTEXT.list,
  dl: CONTEXT.list,
  li: CONTEXT.list,
  table: CONTEXT.table,
  blockquote: CONTEXT.quote,
  q: CONTEXT.quote,
  figure: CONTEXT.figure,
  figcaption: CONTEXT.figure,
  caption: CONTEXT.figure,
  pre: CONTEXT.pre,
  code: CONTEXT.pre,
  header: CONTEXT.header,
  footer: CONTEXT.footer,
  nav: CONTEXT.nav,
  aside: CONTEXT.aside,
  form: CONTEXT.form,
  a: CONTEXT.link,
  strong: CONTEXT.emphasis,
  b: CONTEXT.emphasis,
  em: CONTEXT.emphasis,
  i: CONTEXT.emphasis,
};

const HEADING = /^h([1-6])$/;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const GROUP_TAGS = new Set(["ul", "ol", "dl", "table"]);

/** Where a block stands against the chosen region in reading order. */
export type Side = "before" | "inside" | "after";

/** A block of the whole page, as `segmentBlocks` splits a region, with what surrounds it. */
export interface PageBlock extends Block {
  /** The `CONTEXT` bits of the elements around any of its text. */
  context: number;
  side: Side;
  /** Steps in the tree from the block's element up to the region's nearest ancestor and down to the region. */
  regionDistance: number;
  /** Nesting depth of the block's element under the page's root. */
  depth: number;
}

type Kind = { kind: "paragraph" } | { kind: "heading"; level: number } | { kind: "item"; list: number };
type Context = Kind & { group: number; cell: DomElement | null; bits: number; depth: number; regionDepth: number };

/**
 * Every block of text under `root`, in reading order, each with its context: the page whole, furniture
 * included (marked, not left out), so that a decision can be made block by block. `region` is the chosen main
 * region (or null); its ancestors give each block's distance to it.
 */
export function pageBlocks(root: DomElement | null, region: DomElement | null, pageChars: number): PageBlock[] {
  const blocks: PageBlock[] = [];
  const regionPath = pathTo(region, root);
  const regionLevel = regionPath.size;
  let side: Side = region ? "before" : "after";
  let buffer: string[] = [];
  let linkChars = 0;
  let anchors: DomElement[] = [];
  let bits = 0;
  let lists = 0;
  let groups = 0;

  const flush = (context: Context) => {
    if (buffer.length === 0) {
      linkChars = 0;
      anchors = [];
      bits = 0;
      return;
    }
    const text = normalizeSpace(buffer.join(""));
    buffer = [];
    if (text) {
      const inside = (bits & CONTEXT.inRegion) !== 0;
      const regionDistance = inside ? 0 : context.depth - context.regionDepth + (regionLevel - context.regionDepth);
      blocks.push({
        kind: context.kind,
        level: context.kind === "heading" ? context.level : 0,
        list: context.kind === "item" ? context.list : -1,
        text,
        linkChars: Math.min(linkChars, text.length),
        group: context.group,
        anchors,
        cell: context.cell,
        context: bits,
        side: inside ? "inside" : side,
        regionDistance: region ? regionDistance : context.depth,
        depth: context.depth,
      });
    }
    linkChars = 0;
    anchors = [];
    bits = 0;
  };

  const walk = (node: DomNode, context: Context): void => {
    if (node.nodeType === TEXT_NODE) {
      const text = node.textContent ?? "";
      buffer.push(text);
      if (context.bits & CONTEXT.link) linkChars += normalizedLength(text);
      if (text.trim()) bits |= context.bits;
      return;
    }
    if (!isElement(node)) return;
    const tag = node.localName;
    if (SKIPPED_TAGS.has(tag)) return;
    let own = context.bits | (TAG_CONTEXT[tag] ?? 0) | vocabularyBits(node);
    if (node === region) own |= CONTEXT.inRegion;
    if (!(own & CONTEXT.boilerplate) && isBoilerplate(node, pageChars)) own |= CONTEXT.boilerplate;
    if (!(own & CONTEXT.hidden) && hidden(node)) own |= CONTEXT.hidden;
    if (!(own & CONTEXT.marked) && marksArticle(node)) own |= CONTEXT.marked;
    const depth = context.depth + 1;
    const regionDepth = regionPath.has(node) ? depth : context.regionDepth;
    if (tag === "a") anchors.push(node);
    if (!BLOCK_TAGS.has(tag)) {
      walkChildren(node, { ...context, bits: own, depth, regionDepth });
      return;
    }
    flush(context);
    const heading = HEADING.exec(tag);
    const group = GROUP_TAGS.has(tag) ? groups++ : context.group;
    let kind: Kind = context;
    if (heading) kind = { kind: "heading", level: Number(heading[1]) };
    else if (tag === "ul" || tag === "ol" || (tag === "li" && context.kind !== "item")) {
      kind = { kind: "item", list: lists++ };
    }
    const cell = tag === "td" || tag === "th" ? node : context.cell;
    const inner: Context = { ...kind, group, cell, bits: own, depth, regionDepth };
    walkChildren(node, inner);
    flush(inner);
    if (node === region) side = "after";
  };

  const walkChildren = (element: DomElement, context: Context) => {
    for (let child = element.firstChild; child; child = child.nextSibling) walk(child, context);
  };

  if (root) walk(root, { kind: "paragraph", group: -1, cell: null, bits: 0, depth: 0, regionDepth: 0 });
  flush({ kind: "paragraph", group: -1, cell: null, bits: 0, depth: 0, regionDepth: 0 });
  return blocks;
}

/** Hidden by attribute or inline style: a reader never sees it, though it may repeat the article's words. */
function hidden(element: DomElement): boolean {
  if (element.getAttribute("hidden") !== null || element.getAttribute("aria-hidden") === "true") return true;
  const style = element.getAttribute("style");
  return style !== null && HIDDEN_STYLE.test(style);
}

function vocabularyBits(element: DomElement): number {
  const classes = element.getAttribute("class");
  const id = element.getAttribute("id");
  if (!classes && !id) return 0;
  return vocabularyHits(`${classes ?? ""} ${id ?? ""}`) << VOCABULARY_SHIFT;
}

/** The elements from `root` down to `element`, when `element` lies under `root`. */
function pathTo(element: DomElement | null, root: DomElement | null): Set<DomElement> {
  const path: DomElement[] = [];
  for (let at = element; at; at = at.parentElement) {
    path.push(at);
    if (at === root) return new Set(path);
  }
  return new Set();
}
