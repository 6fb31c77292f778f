import { repeatsTitle, titleWordsOf } from "./article-head";
import { type Block, segmentBlocks } from "./blocks";
import { isBoilerplate } from "./boilerplate";
import { isControlLine } from "./classify";
import type { DomElement } from "./dom";

/** The headline and the lines under it stand within this many characters above the article's first block. */
const MAX_LEAD_CHARS = 400;
/** A line other than a heading is read as the headline only when it is this short and has no link text. */
const MAX_HEADLINE_CHARS = 150;
/** Lines between the headline and the article with more than this share of link text are controls, left out. */
const MAX_LEAD_LINK_SHARE = 0.5;

/**
 * The page's blocks in reading order with furniture left out, read before Readability takes the article's
 * nodes out of the document, so that `headlineAbove` can look above whichever reading is kept.
 */
export function pageBlocks(root: DomElement | null, pageChars: number): Block[] {
  return segmentBlocks(root, (element) => isBoilerplate(element, pageChars));
}

/**
 * The headline and the lines under it (byline, dateline, standfirst) that stand just above the article's
 * first kept block: looking up from that block through at most `MAX_LEAD_CHARS` characters, the nearest
 * heading (h1–h3) or short link-free line whose words repeat the page's title is the headline, and the lead is
 * it and what follows it down to the article, less link-heavy lines ("Email", "Print", a section's name) and
 * page controls ("Article tools", "Text size": `isControlLine`); the dateline stays, "Posted in …" as it may be.
 * Nothing when no such headline is found, or when the kept blocks already hold it.
 */
export function headlineAbove(page: readonly Block[], kept: readonly Block[], title: string): Block[] {
  const first = kept[0]?.text;
  if (first === undefined) return [];
  const start = page.findIndex((block) => block.text === first);
  const titleWords = titleWordsOf(title);
  if (start <= 0 || titleWords.size === 0) return [];
  let chars = 0;
  for (let at = start - 1; at >= 0; at--) {
    const block = page[at] as Block;
    chars += block.text.length;
    if (chars > MAX_LEAD_CHARS) return [];
    if (!headlineShaped(block) || !repeatsTitle(block.text, titleWords)) continue;
    if (kept.some((other) => other.text === block.text)) return [];
    const lines = page
      .slice(at + 1, start)
      .filter((line) => line.linkChars <= line.text.length * MAX_LEAD_LINK_SHARE && !isControlLine(line));
    return [block, ...lines];
  }
  return [];
}

function headlineShaped(block: Block): boolean {
  if (block.kind === "heading" && block.level <= 3) return true;
  return block.text.length <= MAX_HEADLINE_CHARS && block.linkChars === 0;
}
