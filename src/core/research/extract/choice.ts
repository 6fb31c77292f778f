import type { Block } from "./blocks";
import { weightedLength } from "./classify";
import { MAX_PROSE_LINK_DENSITY, MIN_PROSE_CHARS, type RegionChoice, type RegionText } from "./regions";

/**
 * The region is taken without a second opinion when it holds this share of the page's prose (no other part
 * of the page competes with it), is made of paragraphs (at most this many other blocks per paragraph, and
 * this share of its text outside paragraphs: headings, captions, galleries and widgets are where two
 * extractors part ways) and has this many words.
 */
const CLEAR_MIN_PROSE_SHARE = 0.8;
const CLEAR_MAX_FRAGMENTS_PER_PARAGRAPH = 0.25;
const CLEAR_MAX_OTHER_SHARE = 0.05;
const CLEAR_MIN_WORDS = 150;
/**
 * In an article with structure, link text beyond this share of the reading is where two extractors part ways
 * (menus, teaser boxes and tag lists that the region took in), however few the blocks that hold it.
 */
const CLEAR_MAX_LINK_SHARE = 0.02;

/** Texts of the two readings as the chooser compares them. */
export interface Reading {
  text: string;
  words: number;
}

export interface ReadabilityReading extends Reading {
  /** Characters of Readability's region before its blocks were pruned: what it settled on. */
  regionChars: number;
}

/** Our region: its text and how much of the region was other than prose. */
export interface OwnReading extends Reading {
  proseShare: number;
}

/** One text is read as lying within another when this share of its characters is in blocks the other has. */
const WITHIN_SHARE = 0.9;
/** Ours, lying within Readability's, is taken only when it is at least this share of it: not a stray part. */
const MIN_WITHIN_WORDS_SHARE = 0.4;
/**
 * Readability's pick is a fragment of the article (a lead, one section, a teaser) when its region is shorter
 * than this, the page five times longer, and ours five times longer still and mostly prose.
 */
const FRAGMENT_MAX_CHARS = 2000;
const FRAGMENT_RATIO = 5;
const FRAGMENT_MIN_PROSE_SHARE = 0.8;

/** How our region is clear enough that Readability need not be asked, or null where it is not. */
export type Clarity = "paragraphs" | "structure" | null;

/**
 * Whether our region is clear: it holds most of the page's prose and has enough words, and it is made of
 * paragraphs (see the constants above) or, given the blocks read from it, reads as an article with structure
 * (`structuredArticle`).
 */
export function regionClarity(choice: RegionChoice, words: number, blocks: readonly Block[]): Clarity {
  const { region, page } = choice;
  if (region === null || words < CLEAR_MIN_WORDS || region.prose < page.prose * CLEAR_MIN_PROSE_SHARE) return null;
  if (madeOfParagraphs(region)) return "paragraphs";
  return structuredArticle(blocks) ? "structure" : null;
}

/** Whether the region is made of paragraphs: few other blocks, and little of its text in them. */
export function madeOfParagraphs(region: RegionText): boolean {
  return (
    region.fragments <= region.paragraphs * CLEAR_MAX_FRAGMENTS_PER_PARAGRAPH &&
    region.other <= (region.prose + region.other) * CLEAR_MAX_OTHER_SHARE
  );
}

/**
 * Whether the blocks read as an article with headings, lists and tables: its body paragraphs (outside lists
 * and tables, long, link-poor) carry the text, and the link-poor headings, list items and table cells that
 * come before the last of them are the article's own structure, not fragments. What is left counts against
 * it as the fragments of a region do: short loose lines (captions, player controls, datelines), link-heavy
 * blocks, and lists, tables and headings after the last body paragraph (comment threads, teaser lists, a
 * section with no text of its own); it may not hold more than a little link text, and none of its link-heavy
 * blocks may follow the last body paragraph (an author's links, "More from …", topic tags: the tail that
 * Readability's class-based cleaning takes off and ours may not). A how-to guide or a FAQ is clear this way,
 * where counting every heading, step and cell as a fragment sent it to Readability although both read the
 * same text.
 */
export function structuredArticle(blocks: readonly Block[]): boolean {
  const chars = blocks.map((block) => weightedLength(block.text));
  const linkPoor = blocks.map((block, i) => block.linkChars <= (chars[i] as number) * MAX_PROSE_LINK_DENSITY);
  const body = blocks.map(
    (block, i) =>
      block.kind === "paragraph" && block.group < 0 && (chars[i] as number) >= MIN_PROSE_CHARS && linkPoor[i],
  );
  const lastBody = body.lastIndexOf(true);
  let total = 0;
  let paragraphs = 0;
  let fragments = 0;
  let fragmentChars = 0;
  let linkHeavyChars = 0;
  let linkHeavyAfter = 0;
  blocks.forEach((block, i) => {
    const length = chars[i] as number;
    total += length;
    if (body[i]) paragraphs++;
    else if (!linkPoor[i]) {
      fragments++;
      fragmentChars += length;
      linkHeavyChars += length;
      if (i > lastBody) linkHeavyAfter++;
    } else if (i > lastBody || !structural(block, blocks[i + 1])) {
      fragments++;
      fragmentChars += length;
    }
  });
  return (
    fragments <= paragraphs * CLEAR_MAX_FRAGMENTS_PER_PARAGRAPH &&
    fragmentChars <= total * CLEAR_MAX_OTHER_SHARE &&
    linkHeavyChars <= total * CLEAR_MAX_LINK_SHARE &&
    linkHeavyAfter === 0
  );
}

/** A line that introduces what follows it: "What to look for:", "We set three goals:". */
const LEAD_IN = /:\s*$/;

/**
 * Headings, list items and table cells are the article's structure, and so is a short line that ends in a
 * colon and opens a list or a table, as its lead-in.
 */
function structural(block: Block, next: Block | undefined): boolean {
  if (block.kind !== "paragraph" || block.group >= 0) return true;
  return LEAD_IN.test(block.text) && next !== undefined && (next.kind === "item" || next.group >= 0);
}

/**
 * Whether our reading wins over Readability's where Readability was asked. Readability's is kept unless it
 * found nothing, or it took in more than the article (ours lies within it, it holds much that ours leaves
 * out, and ours is not a stray part of it: a wrapper with teasers or comments around the same article), or it
 * settled on a fragment of a long page.
 */
export function preferOwn(own: OwnReading, readable: ReadabilityReading | null, pageChars: number): boolean {
  if (own.words === 0) return false;
  if (!readable || readable.words === 0) return true;
  if (own.words >= readable.words * MIN_WITHIN_WORDS_SHARE && widerReading(own.text, readable.text)) return true;
  return (
    readable.regionChars < FRAGMENT_MAX_CHARS &&
    pageChars >= readable.regionChars * FRAGMENT_RATIO &&
    own.words >= readable.words * FRAGMENT_RATIO &&
    own.proseShare >= FRAGMENT_MIN_PROSE_SHARE
  );
}

/** Text above our region that Readability's wider region held, taken as the article's head up to this length. */
const MAX_LEAD_CHARS = 400;

/**
 * The blocks Readability read just above our region's first block, when they are short enough to be a
 * headline, dateline and standfirst rather than a box of teasers: where its region was the wider one, the
 * article's head often sits outside the container ours settled on.
 */
export function leadAbove(own: Block[], readable: Block[]): Block[] {
  const first = own[0]?.text;
  const start = first === undefined ? -1 : readable.findIndex((block) => block.text === first);
  if (start <= 0) return [];
  const lead = readable.slice(0, start);
  return lead.reduce((sum, block) => sum + block.text.length, 0) <= MAX_LEAD_CHARS ? lead : [];
}

/**
 * Whether most of the text of `part` lies in blocks that `whole` also has, block texts being one a line. Both
 * readings segment the same document, so the same paragraph gives the same line in each.
 */
export function within(part: string, whole: string): boolean {
  return linesWithin(part.split("\n"), new Set(whole.split("\n")));
}

/** `within(own, readable) && !within(readable, own)`, splitting each text once. */
function widerReading(own: string, readable: string): boolean {
  const ownLines = own.split("\n");
  const readableLines = readable.split("\n");
  return linesWithin(ownLines, new Set(readableLines)) && !linesWithin(readableLines, new Set(ownLines));
}

function linesWithin(part: readonly string[], inWhole: ReadonlySet<string>): boolean {
  let chars = 0;
  let found = 0;
  for (const line of part) {
    chars += line.length;
    if (inWhole.has(line)) found += line.length;
  }
  return found >= chars * WITHIN_SHARE;
}
