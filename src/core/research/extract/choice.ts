import type { Block } from "./blocks";
import type { RegionChoice } from "./regions";

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

/** Whether our region is clear enough that Readability need not be asked; see the constants above. */
export function regionIsClear(choice: RegionChoice, words: number): boolean {
  const { region, page } = choice;
  return (
    region !== null &&
    words >= CLEAR_MIN_WORDS &&
    region.prose >= page.prose * CLEAR_MIN_PROSE_SHARE &&
    region.fragments <= region.paragraphs * CLEAR_MAX_FRAGMENTS_PER_PARAGRAPH &&
    region.other <= (region.prose + region.other) * CLEAR_MAX_OTHER_SHARE
  );
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
