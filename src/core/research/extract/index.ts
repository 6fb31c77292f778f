import type { ExtractedPage, Link } from "../types";
import { assembleBlocks, type Block, type ContentBlocks, segmentBlocks } from "./blocks";
import { isBoilerplate, removeBoilerplate } from "./boilerplate";
import {
  dropControlLines,
  dropLeadingMenu,
  dropTrailingLinkRuns,
  keepArticleBlocks,
  trimFurnitureTail,
  trimHeadedTail,
} from "./classify";
import { cutCommentTail } from "./comment-tail";
import { type DenseRegion, densestRegion } from "./density";
import { type DomDocument, type DomElement, normalizeSpace, parseDocument } from "./dom";
import { collectLinks } from "./links";
import { type PageMetadata, readMetadata } from "./metadata";
import { contentRoot, markupToReread, wellFormed } from "./parse";
import { pruneDocument } from "./prune";
import { readabilityContent } from "./readability";
import { cutRelatedTail } from "./related-tail";

/** A word character of `countWords`: its words are the matches of `/[\p{L}\p{N}_]+/gu`. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;
/** Whether each code point of the Basic Multilingual Plane is a word character: 0 not seen yet, 1 yes, 2 no. */
const wordCharacters = new Uint8Array(0x10000);
/**
 * Readability's pick is kept unless it is short (a lead paragraph, one section, a teaser) and the densest
 * region has this many times more text and is mostly prose: then it has settled on a fragment of the article.
 */
const FRAGMENT_MAX_CHARS = 2000;
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

interface ReadableContent extends Content {
  /** Characters of Readability's region before the blocks inside it were pruned: what it settled on. */
  regionChars: number;
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
  const first = parseDocument(html);
  const metadata = readMetadata(first, url);
  if (pruneDocument(first) > MAX_DEPTH) return { ...metadata, ...flatText(first) };
  const { doc, source } = wellFormed(first, html);
  const pageChars = rootOf(doc)[1];
  const readable = readableContent(doc, url, () => {
    const again = parseDocument(source);
    pruneDocument(again);
    return again;
  });
  // Readability has rearranged `doc` by now, so the density pass reads a fresh parse; that second parse is
  // only paid where Readability found nothing or settled on a short fragment of a long page.
  const chosen =
    readable && !mayBeFragment(readable, pageChars)
      ? readable
      : preferDense(densestContent(source === html ? markupToReread(html) : source, url), readable);
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
  const text = normalizeSpace(contentRoot(doc).element?.textContent ?? "");
  return { headings: [], paragraphs: text ? [text] : [], lists: [], text, wordCount: countWords(text), links: [] };
}

/** The element holding the page's text and its text length. */
function rootOf(doc: DomDocument): [DomElement | null, number] {
  const { element, chars } = contentRoot(doc);
  return [element, chars];
}

/** Readability's result is short, and the page holds enough text for a larger article to hide in it. */
function mayBeFragment(readable: ReadableContent, pageChars: number): boolean {
  const chars = readable.regionChars;
  return chars < FRAGMENT_MAX_CHARS && pageChars >= chars * OVERRIDE_TEXT_RATIO;
}

/** The densest region wins over Readability's fragment when it is much larger and mostly prose. */
function preferDense(dense: DenseContent | null, readable: Content | null): Content {
  if (!dense) return readable ?? finish([], "");
  if (!readable || readable.words === 0) return dense.content;
  const { prose, other } = dense.region;
  return prose + other >= readable.blocks.text.length * OVERRIDE_TEXT_RATIO &&
    prose >= (prose + other) * OVERRIDE_MIN_PROSE_SHARE
    ? dense.content
    : readable;
}

interface DenseContent {
  region: DenseRegion;
  content: Content;
}

function densestContent(html: string, url: string): DenseContent | null {
  const doc = parseDocument(html);
  pruneDocument(doc);
  const [root, pageChars] = rootOf(doc);
  const region = densestRegion(root, pageChars);
  if (!region) return null;
  const blocks = segmentBlocks(region.element, (child) => isBoilerplate(child, pageChars));
  return { region, content: finish(keepArticleBlocks(blocks), url) };
}

function readableContent(doc: DomDocument, url: string, reread: () => DomDocument): ReadableContent | null {
  try {
    const region = readabilityContent(doc, reread);
    if (!region) return null;
    removeBoilerplate(region);
    const blocks = trimFurnitureTail(segmentBlocks(region));
    const content = finish(
      dropControlLines(trimHeadedTail(dropTrailingLinkRuns(dropLeadingMenu(cutCommentTail(blocks))))),
      url,
    );
    return { ...content, regionChars: blocks.reduce((sum, block) => sum + block.text.length + 1, 0) };
  } catch {
    return null;
  }
}

function finish(blocks: Block[], url: string): Content {
  const kept = cutRelatedTail(cutCommentTail(blocks));
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
