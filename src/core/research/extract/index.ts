import type { ExtractedPage, Link } from "../types";
import { type ContentBlocks, collectBlocks } from "./blocks";
import { isBoilerplate, removeBoilerplate } from "./boilerplate";
import { removeCommentTail } from "./comment-tail";
import { type DenseRegion, densestRegion } from "./density";
import { type DomDocument, type DomElement, normalizeSpace, parseDocument } from "./dom";
import { collectLinks } from "./links";
import { type PageMetadata, readMetadata } from "./metadata";
import { removeNonContent } from "./prune";
import { readabilityContent } from "./readability";

const WORD = /[\p{L}\p{N}_]+/gu;
/**
 * Readability's pick is kept unless the densest region has this many times more text and is mostly prose:
 * then Readability has settled on a fragment (a lead paragraph, one section) of a larger article.
 */
const OVERRIDE_TEXT_RATIO = 5;
const OVERRIDE_MIN_PROSE_SHARE = 0.8;

/**
 * Real pages nest a few dozen levels; far deeper trees are hostile or broken, and the recursive walks of
 * Readability and of this module would overflow the stack on them, so they get their text read flat.
 */
const MAX_DEPTH = 400;

interface Content {
  blocks: ContentBlocks;
  links: Link[];
  words: number;
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
  if (removeNonContent(doc.documentElement) > MAX_DEPTH) return { ...metadata, ...flatText(doc) };
  const dense = densestRegion(...rootOf(doc));
  const readable = readableContent(doc, url);
  // The dense region is read from a fresh parse because Readability has rearranged this document by now;
  // that second parse is only paid on the few pages where the fallback wins.
  const chosen = readable && !denseIsBetter(dense, readable) ? readable : densestContent(html, url);
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

/** The whole page's text as one paragraph; linkedom reads textContent without recursion. */
function flatText(doc: DomDocument): Omit<ExtractedPage, keyof PageMetadata> {
  const text = normalizeSpace(doc.body?.textContent ?? doc.documentElement?.textContent ?? "");
  return { headings: [], paragraphs: text ? [text] : [], lists: [], text, wordCount: countWords(text), links: [] };
}

function densestContent(html: string, url: string): Content {
  const doc = parseDocument(html);
  removeNonContent(doc.documentElement);
  const [root, pageChars] = rootOf(doc);
  const element = densestRegion(root, pageChars)?.element ?? null;
  return content(
    collectBlocks(element, (child) => isBoilerplate(child, pageChars)),
    element,
    url,
  );
}

/** The body and its text length, or the whole document when a malformed page leaves the parsed body empty. */
function rootOf(doc: DomDocument): [DomElement | null, number] {
  const bodyText = doc.body?.textContent ?? "";
  if (bodyText.trim()) return [doc.body, bodyText.length];
  return [doc.documentElement, (doc.documentElement?.textContent ?? "").length];
}

function denseIsBetter(dense: DenseRegion | null, readable: Content): boolean {
  if (!dense) return false;
  if (readable.words === 0) return dense.prose + dense.other > 0;
  const proseShare = dense.prose / (dense.prose + dense.other);
  return (
    dense.prose + dense.other >= readable.blocks.text.length * OVERRIDE_TEXT_RATIO &&
    proseShare >= OVERRIDE_MIN_PROSE_SHARE
  );
}

function readableContent(doc: DomDocument, url: string): Content | null {
  try {
    const region = readabilityContent(doc);
    if (!region) return null;
    removeBoilerplate(region);
    removeCommentTail(region);
    return content(collectBlocks(region), region, url);
  } catch {
    return null;
  }
}

function content(blocks: ContentBlocks, region: DomElement | null, url: string): Content {
  return { blocks, links: collectLinks(region, url), words: countWords(blocks.text) };
}

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

function emptyPage(): ExtractedPage {
  return { title: "", headings: [], paragraphs: [], lists: [], text: "", wordCount: 0, links: [] };
}
