import type { ExtractedPage, Link } from "../types";
import { assembleBlocks, type Block, type ContentBlocks, segmentBlocks } from "./blocks";
import { isBoilerplate, removeBoilerplate } from "./boilerplate";
import { cutCommentTail } from "./comment-tail";
import { type DenseRegion, densestRegion } from "./density";
import { type DomDocument, type DomElement, normalizeSpace, parseDocument } from "./dom";
import { collectLinks } from "./links";
import { type PageMetadata, readMetadata } from "./metadata";
import { removeNonContent } from "./prune";
import { readabilityContent } from "./readability";

const WORD = /[\p{L}\p{N}_]+/gu;
const OVERRIDE_TEXT_RATIO = 5;
const OVERRIDE_MIN_PROSE_SHARE = 0.8;

/**
 * Real pages nest a few dozen levels; far deeper trees are hostile or broken, and the recursive walks of
 * Readability and of this module would overflow the stack on them, so they get their text read flat.
 */
const MAX_DEPTH = 400;
/** Scripts and trackers often follow `</body>`; this much markup after it is more likely misplaced content. */
const MAX_TAIL_AFTER_BODY = 2000;

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
  let doc = parseDocument(html);
  const metadata = readMetadata(doc, url);
  if (removeNonContent(doc.documentElement) > MAX_DEPTH) return { ...metadata, ...flatText(doc) };
  if (bodyLost(doc) || misnested(html)) {
    const second = parseDocument(repaired(html));
    removeNonContent(second.documentElement);
    if (textLength(second.body) > textLength(doc.body)) doc = second;
  }
  const [root, pageChars] = rootOf(doc);
  const dense = densestRegion(root, pageChars);
  const ours = dense
    ? finish(
        segmentBlocks(dense.element, (child) => isBoilerplate(child, pageChars)),
        url,
      )
    : null;
  const readable = readableContent(doc, url);
  const chosen = (readable && !denseIsBetter(dense, readable) ? readable : ours) ?? finish([], url);
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

/** A malformed page can leave a lenient parser's body without the text the page shows. */
function bodyLost(doc: DomDocument): boolean {
  const bodyChars = textLength(doc.body);
  return textLength(doc.documentElement) - bodyChars > Math.max(200, bodyChars);
}

const DOCUMENT_TAGS = [/<html\b/gi, /<head\b/gi, /<body\b/gi];

/** Markup after which a lenient parser may drop content: a second html, head or body, or a body closed early. */
function misnested(html: string): boolean {
  for (const tag of DOCUMENT_TAGS) if ((html.match(tag)?.length ?? 0) > 1) return true;
  const close = html.search(/<\/body\s*>/i);
  return close >= 0 && html.length - close > MAX_TAIL_AFTER_BODY && /<(?:p|div|table|td)\b/i.test(html.slice(close));
}

function textLength(element: DomElement | null): number {
  return normalizeSpace(element?.textContent ?? "").length;
}

/** The page with every html, head and body tag taken out, so that all its content lands in one body. */
function repaired(html: string): string {
  const stripped = html.replace(/<\/?(?:html|head|body)\b[^>]*>/gi, "");
  return `<!DOCTYPE html><html><head></head><body>${stripped}</body></html>`;
}

/** The whole page's text as one paragraph; linkedom reads textContent without recursion. */
function flatText(doc: DomDocument): Omit<ExtractedPage, keyof PageMetadata> {
  const text = normalizeSpace(doc.body?.textContent ?? doc.documentElement?.textContent ?? "");
  return { headings: [], paragraphs: text ? [text] : [], lists: [], text, wordCount: countWords(text), links: [] };
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
    return finish(segmentBlocks(region), url);
  } catch {
    return null;
  }
}

function finish(blocks: Block[], url: string): Content {
  const kept = cutCommentTail(blocks);
  const assembled = assembleBlocks(kept);
  return {
    blocks: assembled,
    links: collectLinks(
      kept.flatMap((block) => block.anchors),
      url,
    ),
    words: countWords(assembled.text),
  };
}

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

function emptyPage(): ExtractedPage {
  return { title: "", headings: [], paragraphs: [], lists: [], text: "", wordCount: 0, links: [] };
}
