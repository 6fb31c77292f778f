import { segmentBlocks } from "../../src/core/research/extract/blocks";
import { isBoilerplate } from "../../src/core/research/extract/boilerplate";
import { regionClarity } from "../../src/core/research/extract/choice";
import { trimFurnitureTail, weightedLength } from "../../src/core/research/extract/classify";
import { type DomDocument, type DomElement, elementsByTag } from "../../src/core/research/extract/dom";
import { readPageHead } from "../../src/core/research/extract/metadata";
import type { RegionChoice } from "../../src/core/research/extract/regions";
import type { PageBlock } from "./page-blocks";

/**
 * Page-level features: what the page's markup says about the age of its template and so, through it, about the
 * convention a truth for such a page follows (older templates set the headline and byline as the article's first
 * lines). Every block of a page gets the same values. They are read from the parsed page before anything is taken
 * out of it, as the product's metadata walk reads it, and from the first bytes of the markup (the doctype).
 */
const HTML5_TAGS = ["header", "article", "main", "section", "nav", "time", "footer", "aside", "figure"] as const;
const COUNTED_TAGS = ["meta", "script", "table", "td", "div", "p", ...HTML5_TAGS] as const;

export const PAGE_FEATURE_NAMES: readonly string[] = [
  "page.viewport",
  ...HTML5_TAGS.map((tag) => `page.has.${tag}`),
  "page.html5Tags",
  "page.doctypeHtml5",
  "page.doctypeOld",
  "page.doctypeXhtml",
  "page.log.scripts",
  "page.log.tables",
  "page.tdPerDiv",
  "page.divPerP",
  "page.proseInCells",
  "page.regionClear",
  "page.year",
];

const DOCTYPE = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!doctype\s+([^>]*)>/i;
const YEAR = /\b(?:©|&copy;|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d{2})\b/gi;
/** A block this long with little link text is prose (as in `regions.ts`). */
const PROSE_CHARS = 50;
const PROSE_LINK_DENSITY = 0.3;

/** Read from the page as parsed, before scripts and comments are pruned. */
export interface PageMarkup {
  viewport: number;
  tags: Record<string, number>;
  doctype: "html5" | "old" | "xhtml" | "none";
  published: number;
}

export function pageMarkup(doc: DomDocument, html: string, url: string): PageMarkup {
  const found = elementsByTag(doc, COUNTED_TAGS);
  const tags: Record<string, number> = {};
  for (const [tag, list] of found) tags[tag] = list.length;
  const viewport = (found.get("meta") ?? []).some(
    (meta) => (meta.getAttribute("name") ?? "").trim().toLowerCase() === "viewport",
  );
  const declared = DOCTYPE.exec(html.slice(0, 2000))?.[1]?.trim().toLowerCase();
  const doctype =
    declared === undefined ? "none" : declared === "html" ? "html5" : declared.includes("xhtml") ? "xhtml" : "old";
  const publishedAt = readPageHead(doc, url).metadata.publishedAt;
  const published = publishedAt ? Number(publishedAt.slice(0, 4)) || 0 : 0;
  return { viewport: viewport ? 1 : 0, tags, doctype, published };
}

/**
 * The page's features from its markup, its blocks and our region: the region's clarity in `choice.ts`'s sense
 * (read from the region's blocks with furniture left out and the furniture tail trimmed, as the extractor reads
 * them first), the share of the page's prose inside table cells, and the year of its publication or, failing
 * that, of its copyright line.
 */
export function pageFeatures(markup: PageMarkup, blocks: readonly PageBlock[], choice: RegionChoice | null): number[] {
  const count = (tag: string) => markup.tags[tag] ?? 0;
  let prose = 0;
  let inCells = 0;
  for (const block of blocks) {
    const chars = weightedLength(block.text);
    if (chars < PROSE_CHARS || block.linkChars > chars * PROSE_LINK_DENSITY) continue;
    prose += chars;
    if (block.cell) inCells += chars;
  }
  return [
    markup.viewport,
    ...HTML5_TAGS.map((tag) => (count(tag) > 0 ? 1 : 0)),
    HTML5_TAGS.filter((tag) => count(tag) > 0).length,
    markup.doctype === "html5" ? 1 : 0,
    markup.doctype === "old" ? 1 : 0,
    markup.doctype === "xhtml" ? 1 : 0,
    Math.log1p(count("script")),
    Math.log1p(count("table")),
    count("td") / Math.max(1, count("div")),
    count("div") / Math.max(1, count("p")),
    prose ? inCells / prose : 0,
    choice ? (clear(choice) ? 1 : 0) : 0,
    markup.published || copyrightYear(blocks),
  ];
}

function clear(choice: RegionChoice): boolean {
  const region = choice.region;
  if (!region) return false;
  const element: DomElement = region.element;
  const chars = (element.textContent ?? "").length;
  const blocks = trimFurnitureTail(segmentBlocks(element, (node) => isBoilerplate(node, chars)));
  const words = blocks.reduce((sum, block) => sum + (block.text.match(/[\p{L}\p{N}_]+/gu)?.length ?? 0), 0);
  return regionClarity(choice, words, blocks) !== null;
}

/** The latest year a copyright line of the page names, or 0. */
function copyrightYear(blocks: readonly PageBlock[]): number {
  let year = 0;
  for (const block of blocks) {
    for (const match of block.text.matchAll(YEAR)) year = Math.max(year, Number(match[1]));
  }
  return year;
}
