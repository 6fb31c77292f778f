import type { ExtractedPage, Link } from "../types";
import { articleHead } from "./article-head";
import { assembleBlocks, BLOCK_TAGS, type Block, type ContentBlocks, segmentBlocks } from "./blocks";
import { isBoilerplate, removeBoilerplate } from "./boilerplate";
import { readablePage } from "./characters";
import { leadAbove, madeOfParagraphs, preferOwn, regionClarity } from "./choice";
import { dropControlLines, dropLeadingMenu, dropTrailingLinkRuns, trimFurnitureTail, trimHeadedTail } from "./classify";
import { cutCommentTail } from "./comment-tail";
import {
  type DomDocument,
  type DomElement,
  type DomNode,
  isElement,
  normalizeSpace,
  parseDocument,
  TEXT_NODE,
  treeWeight,
} from "./dom";
import { headlineAbove, pageBlocks } from "./lead";
import { collectLinks } from "./links";
import { type PageMetadata, readPageHead } from "./metadata";
import { contentRoot, fallbacksShown, markupToReread, wellFormed } from "./parse";
import { pruneDocument } from "./prune";
import { readabilityContent } from "./readability";
import { chooseRegion } from "./regions";
import { cutRelatedTail } from "./related-tail";
import { dropSideCells } from "./side-cells";

/** A word character of `countWords`: its words are the matches of `/[\p{L}\p{N}_]+/gu`. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;
/** Whether each code point of the Basic Multilingual Plane is a word character: 0 not seen yet, 1 yes, 2 no. */
const wordCharacters = new Uint8Array(0x10000);

/**
 * Real pages nest a few dozen levels; far deeper trees are hostile or broken, and the recursive walks of
 * Readability and of this module would overflow the stack on them, so they get their text read flat.
 */
const MAX_DEPTH = 400;
/**
 * Readability's passes cost time that grows faster than the page on very large trees (a hostile page of nested
 * list items took a second a megabyte); the largest page of the development set has under 10,000 elements. A
 * page over this is read by our region alone, or as a whole where no region stands out.
 */
const MAX_READABILITY_ELEMENTS = 25_000;
/**
 * Readability measures each block's text over its descendants in each of its passes, so its time grows with the
 * sum of the elements' depths, under both caps above: a 135 KB page of nests 98 deep took 4.7 s, 392 deep 24 s.
 * The development set's pages sum to at most 100,000; a tree past this is read by our region alone.
 */
const MAX_READABILITY_DEPTHS = 250_000;

interface Content {
  /** The blocks kept, in reading order. */
  kept: Block[];
  blocks: ContentBlocks;
  links: Link[];
  words: number;
}

/** Reads one HTML page: metadata plus the main content's headings, paragraphs, lists, text and links. Never throws. */
export function extractPage(html: string, url: string): ExtractedPage {
  try {
    return readablePage(extract(typeof html === "string" ? html : "", typeof url === "string" ? url : ""), countWords);
  } catch {
    return emptyPage();
  }
}

function extract(html: string, url: string): ExtractedPage {
  const first = parseDocument(html);
  const { metadata, modernLayout } = readPageHead(first, url);
  if (pruneDocument(first) > MAX_DEPTH) return { ...metadata, ...flatText(first) };
  const { doc, source, depth } = wellFormed(first, html);
  // A repair joins what the first parse kept apart: its tree is held to the same depth.
  if (depth > MAX_DEPTH) return { ...metadata, ...flatText(doc) };
  let content = mainContent(doc, source, url, metadata.title, modernLayout);
  let read = source;
  const rereadings = [
    // A lenient parse may have dropped the page's text at a second html, head or body tag: read it repaired.
    () => (source === html ? markupToReread(html) : read),
    // This crawler runs no scripts and loads no frames: a page with text only for readers without them is read as
    // they see it.
    () => fallbacksShown(read),
  ];
  for (const markup of rereadings) {
    if (content.words > 0) break;
    const next = markup();
    if (next === read) continue;
    const reread = parseDocument(next);
    if (pruneDocument(reread) > MAX_DEPTH) return { ...metadata, ...flatText(reread) };
    content = mainContent(reread, next, url, metadata.title, modernLayout);
    read = next;
  }
  // Nothing reads as an article (a page of links, say): the page's own blocks, furniture aside, rather than nothing.
  if (content.words === 0) content = pageContent(prunedParse(read), url);
  return {
    ...metadata,
    headings: content.blocks.headings,
    paragraphs: content.blocks.paragraphs,
    lists: content.blocks.lists,
    text: content.blocks.text,
    wordCount: content.words,
    links: content.links,
  };
}

/**
 * Our region first, read without changing the document; Readability is asked only where that region is not
 * clear (`regionClarity`), on the same document, and the two readings are then weighed (`preferOwn`). A region
 * that is not plain paragraphs may be clear as an article with structure, and then its reading stands in for
 * Readability's: it is read from the start without the headline and byline, as Readability reads a page
 * (`articleHead`), and read again with them only where Readability is asked after all.
 */
function mainContent(doc: DomDocument, source: string, url: string, title: string, modernLayout: boolean): Content {
  const { element: root, chars: pageChars } = contentRoot(doc);
  if (modernLayout) return readContent(doc, source, url, title, root, pageChars);
  // An older layout sets the headline and byline as the article's first lines: they are read back from the
  // page's blocks, read once, before Readability (if it is asked) takes the article's nodes out of the document.
  let page: Block[] | undefined;
  const readPage = () => (page ??= pageBlocks(root, pageChars));
  const content = readContent(doc, source, url, title, root, pageChars, readPage);
  if (content.kept.length === 0) return content;
  const head = headlineAbove(readPage(), content.kept, title);
  return head.length ? finish([...head, ...content.kept], url) : content;
}

function readContent(
  doc: DomDocument,
  source: string,
  url: string,
  title: string,
  root: DomElement | null,
  pageChars: number,
  beforeReadability?: () => unknown,
): Content {
  const choice = chooseRegion(root, pageChars);
  const region = choice.region;
  let own: Content = finish([], url);
  if (region) {
    const first = regionContent(region.element, url, madeOfParagraphs(region) ? null : title);
    if (regionClarity(choice, first.words, first.kept)) return first;
    // Readability's reading is weighed against the region's reading as it stands, headline and byline included.
    own = first.headless ? first : regionContent(region.element, url, null);
  }
  const weight = treeWeight(root, MAX_READABILITY_DEPTHS);
  if (weight.elements > MAX_READABILITY_ELEMENTS || weight.depths > MAX_READABILITY_DEPTHS) {
    return own.words > 0 || !root ? own : regionContent(root, url, null);
  }
  beforeReadability?.();
  const readable = readableContent(doc, url, () => prunedParse(source));
  const proseShare = region ? region.prose / (region.prose + region.other) : 0;
  const ownReading = { text: own.blocks.text, words: own.words, proseShare };
  const readableReading = readable && {
    text: readable.blocks.text,
    words: readable.words,
    regionChars: readable.regionChars,
  };
  if (!readable) return own;
  if (!preferOwn(ownReading, readableReading, pageChars)) return readable;
  const lead = leadAbove(own.kept, readable.kept);
  return lead.length ? finish([...lead, ...own.kept], url) : own;
}

/** All the blocks of the page's content root but its furniture, in reading order, with nothing else trimmed. */
function pageContent(doc: DomDocument, url: string): Content {
  const { element: root, chars } = contentRoot(doc);
  if (!root) return finish([], url);
  const kept = segmentBlocks(root, (element) => isBoilerplate(element, chars));
  const blocks = assembleBlocks(kept);
  const links = collectLinks(
    kept.flatMap((block) => block.anchors),
    url,
  );
  return { kept, blocks, links, words: countWords(blocks.text) };
}

function prunedParse(markup: string): DomDocument {
  const doc = parseDocument(markup);
  pruneDocument(doc);
  return doc;
}

/**
 * The whole page's text as one paragraph, read with a stack of its own (the tree is too deep for a recursive walk),
 * with a space at each edge of a block (`BLOCK_TAGS`), where its text runs two words together; the edges of inline
 * elements join words ("<b>soil</b>s").
 */
function flatText(doc: DomDocument): Omit<ExtractedPage, keyof PageMetadata> {
  const parts: string[] = [];
  const root = contentRoot(doc).element;
  // A string on the stack is a block's closing edge: a space once its content is read.
  const stack: (DomNode | null | string)[] = root ? [root.firstChild] : [];
  while (stack.length) {
    const node = stack.pop();
    if (!node) continue;
    if (typeof node === "string") {
      parts.push(node);
      continue;
    }
    stack.push(node.nextSibling);
    if (node.nodeType === TEXT_NODE) parts.push(node.textContent ?? "");
    else if (isElement(node)) {
      const block = BLOCK_TAGS.has(node.localName);
      if (block) {
        parts.push(" ");
        stack.push(" ");
      }
      stack.push(node.firstChild);
    }
  }
  const text = normalizeSpace(parts.join(""));
  return { headings: [], paragraphs: text ? [text] : [], lists: [], text, wordCount: countWords(text), links: [] };
}

interface RegionContent extends Content {
  /** Whether the reading left nothing out as the headline or byline: it is the region's reading as it stands. */
  headless: boolean;
}

/**
 * Our region's blocks, with furniture left out as it is from Readability's region, without changing the
 * document; given the page's title, the headline and byline are left out too (`articleHead`).
 */
function regionContent(region: DomElement, url: string, title: string | null): RegionContent {
  const regionChars = (region.textContent ?? "").length;
  const furniture = (element: DomElement) => isBoilerplate(element, regionChars);
  const head = title === null ? null : articleHead(region, title, furniture);
  const skip = head?.size ? (element: DomElement) => head.has(element) || furniture(element) : furniture;
  return {
    ...boundedContent(trimFurnitureTail(segmentBlocks(region, skip)), url),
    headless: !head?.size,
  };
}

interface ReadableContent extends Content {
  /** Characters of Readability's region before the blocks inside it were pruned: what it settled on. */
  regionChars: number;
}

function readableContent(doc: DomDocument, url: string, reread: () => DomDocument): ReadableContent | null {
  try {
    const region = readabilityContent(doc, reread);
    if (!region) return null;
    removeBoilerplate(region);
    const blocks = trimFurnitureTail(segmentBlocks(region));
    return {
      ...boundedContent(blocks, url),
      regionChars: blocks.reduce((sum, block) => sum + block.text.length + 1, 0),
    };
  } catch {
    return null;
  }
}

/**
 * The region's blocks (its furniture tail trimmed) without the comment thread, link runs, controls and the
 * columns beside the article's cell of a layout table.
 */
function boundedContent(blocks: Block[], url: string): Content {
  const bounded = dropControlLines(trimHeadedTail(dropTrailingLinkRuns(dropLeadingMenu(cutCommentTail(blocks)))));
  return finish(dropSideCells(bounded), url);
}

function finish(blocks: Block[], url: string): Content {
  const kept = cutRelatedTail(cutCommentTail(blocks));
  const assembled = assembleBlocks(kept);
  return {
    kept,
    blocks: assembled,
    links: collectLinks(
      kept.flatMap((block) => block.anchors),
      url,
    ),
    words: countWords(assembled.text),
  };
}

/**
 * The number of runs of letters, digits and underscores: the matches of `/[\p{L}\p{N}_]+/gu`, counted by
 * scanning the code points instead of collecting every match into an array (a test holds it to the expression).
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let at = 0; at < text.length; ) {
    const code = text.codePointAt(at) as number;
    at += code > 0xffff ? 2 : 1;
    const word = isWordCharacter(code);
    if (word && !inWord) count++;
    inWord = word;
  }
  return count;
}

function isWordCharacter(code: number): boolean {
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f
    );
  }
  if (code > 0xffff) return WORD_CHARACTER.test(String.fromCodePoint(code));
  let known = wordCharacters[code] as number;
  if (known === 0) {
    known = WORD_CHARACTER.test(String.fromCharCode(code)) ? 1 : 2;
    wordCharacters[code] = known;
  }
  return known === 1;
}

function emptyPage(): ExtractedPage {
  return { title: "", headings: [], paragraphs: [], lists: [], text: "", wordCount: 0, links: [] };
}
