import type { ExtractedPage } from "../types";
import { collectBlocks } from "./blocks";
import { type DomElement, parseDocument } from "./dom";
import { collectLinks } from "./links";
import { readMetadata } from "./metadata";
import { readabilityContent } from "./readability";

const WORD = /[\p{L}\p{N}_]+/gu;

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
  let content: DomElement | null = null;
  try {
    content = readabilityContent(doc);
  } catch {
    content = null;
  }
  const blocks = collectBlocks(content);
  return {
    ...metadata,
    headings: blocks.headings,
    paragraphs: blocks.paragraphs,
    lists: blocks.lists,
    text: blocks.text,
    wordCount: countWords(blocks.text),
    links: collectLinks(content, url),
  };
}

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

function emptyPage(): ExtractedPage {
  return { title: "", headings: [], paragraphs: [], lists: [], text: "", wordCount: 0, links: [] };
}
