import type { ExtractedPage, Link } from "../types";
import { type ContentBlocks, collectBlocks } from "./blocks";
import { isBoilerplate, removeBoilerplate } from "./boilerplate";
import { densestRegion } from "./density";
import { type DomDocument, type DomElement, parseDocument } from "./dom";
import { collectLinks } from "./links";
import { readMetadata } from "./metadata";
import { readabilityContent } from "./readability";

const WORD = /[\p{L}\p{N}_]+/gu;
/**
 * Readability's pick is kept unless the densest region has this many times more words and is mostly prose:
 * then Readability has settled on a fragment (a lead paragraph, one section) of a larger article.
 */
const OVERRIDE_WORD_RATIO = 5;
const OVERRIDE_MIN_PROSE_SHARE = 0.8;

interface Content {
  blocks: ContentBlocks;
  links: Link[];
  words: number;
  proseShare: number;
}

/** Reads one HTML page: metadata plus the main content's headings, paragraphs, lists, text and links. Never throws. */
export function extractPage(html: string, url: string): ExtractedPage {
  try {
    return extract(typeof html === "string" ? html : "", typeof url === "string" ? url : "");
  } catch {
    return emptyPage();
  }
}

function extract(html: string, url: string): ExtractedPage {
  const doc = parseDocument(html);
  const metadata = readMetadata(doc, url);
  const dense = densestContent(doc, url);
  const readable = readableContent(doc, url);
  const chosen = readable && !denseIsBetter(dense, readable) ? readable : dense;
  return {
    ...metadata,
    headings: chosen.blocks.headings,
    paragraphs: chosen.blocks.paragraphs,
    lists: chosen.blocks.lists,
    text: chosen.blocks.text,
    wordCount: chosen.words,
    links: chosen.links,
  };
}

/** The densest prose region, read before Readability rearranges the document. */
function densestContent(doc: DomDocument, url: string): Content {
  const { root, pageChars } = pageRoot(doc);
  const region = densestRegion(root, pageChars);
  const element = region?.element ?? null;
  const blocks = collectBlocks(element, (child) => isBoilerplate(child, pageChars));
  const proseShare = region ? region.prose / Math.max(1, region.prose + region.other) : 0;
  return content(blocks, element, url, proseShare);
}

/** The body, or the whole document when a malformed page leaves the parsed body empty. */
function pageRoot(doc: DomDocument): { root: DomElement | null; pageChars: number } {
  const bodyText = doc.body?.textContent ?? "";
  if (bodyText.trim()) return { root: doc.body, pageChars: bodyText.length };
  return { root: doc.documentElement, pageChars: (doc.documentElement?.textContent ?? "").length };
}

function denseIsBetter(dense: Content, readable: Content): boolean {
  if (readable.words === 0) return dense.words > 0;
  return dense.words >= readable.words * OVERRIDE_WORD_RATIO && dense.proseShare >= OVERRIDE_MIN_PROSE_SHARE;
}

function readableContent(doc: DomDocument, url: string): Content | null {
  try {
    const region = readabilityContent(doc);
    if (!region) return null;
    removeBoilerplate(region);
    return content(collectBlocks(region), region, url, 1);
  } catch {
    return null;
  }
}

function content(blocks: ContentBlocks, region: DomElement | null, url: string, proseShare: number): Content {
  return { blocks, links: collectLinks(region, url), words: countWords(blocks.text), proseShare };
}

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

function emptyPage(): ExtractedPage {
  return { title: "", headings: [], paragraphs: [], lists: [], text: "", wordCount: 0, links: [] };
}
