import type { Block } from "./blocks";

/** A block this long with little link text is body text on its own. */
const GOOD_CHARS = 80;
/** Shorter blocks (datelines, captions, menu items) are judged by their neighbours. */
const SHORT_CHARS = 30;
const MAX_GOOD_LINK_DENSITY = 0.3;
const BAD_LINK_DENSITY = 0.5;

/** Lines that are furniture whatever surrounds them. */
const FURNITURE =
  /^(?:(?:copyright|©)\s.*|.*all rights reserved\.?|share(?: this)?(?: (?:article|story|post))?:?|(?:e-?mail|print)(?: this)?(?: (?:article|story|page))?|related (?:articles|stories|posts|links|content)|(?:you|you might|we think you'?ll?) (?:may )?also like|more (?:from|on) .{0,40}|advertisement|(?:sign up|subscribe) (?:to|for) (?:our|the) .{0,40}newsletter.*|tags?:.*|filed under:?.*|report (?:this )?(?:comment|abuse)|back to top|read more|posted by .{1,60})$/i;

/**
 * What a block is on its own: body text ("good": long, link-poor), furniture ("bad": link-heavy, or a furniture
 * line), or too short ("short") or too near the line ("near") to tell without the blocks around it.
 */
type Class = "good" | "bad" | "short" | "near";

function initialClass(block: Block): Class {
  const chars = weightedLength(block.text);
  const linkDensity = chars ? block.linkChars / chars : 0;
  if (linkDensity > BAD_LINK_DENSITY || FURNITURE.test(block.text)) return "bad";
  if (chars >= GOOD_CHARS && linkDensity <= MAX_GOOD_LINK_DENSITY) return "good";
  return chars < SHORT_CHARS ? "short" : "near";
}

/** Length with each CJK character counted as a word's worth of letters, as those scripts pack more in each. */
export function weightedLength(text: string): number {
  return text.length + cjkExtra(text);
}

/** No character of the CJK scripts lies below U+1100 (the first Hangul jamo); a test holds this. */
const FIRST_CJK = 0x1100;

/** Whether each code point of the Basic Multilingual Plane is CJK: 0 not seen yet, 1 yes, 2 no. */
const cjkKinds = new Uint8Array(0x10000);
/** A CJK character, of the scripts written without spaces (and Hangul, dense as they are). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * What the CJK characters of `text` add to its weighted length: two for each code point the CJK pattern matches,
 * counted code point by code point, each kind looked up once (blocks are measured many times, and a page of CJK
 * text made the pattern's match arrays most of the extractor's time). Most text has none below FIRST_CJK.
 */
export function cjkExtra(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < FIRST_CJK) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      const point = text.codePointAt(at) as number;
      if (point > 0xffff) {
        at++;
        if (CJK.test(String.fromCodePoint(point))) count++;
        continue;
      }
    }
    let kind = cjkKinds[code] as number;
    if (kind === 0) {
      kind = CJK.test(String.fromCharCode(code)) ? 1 : 2;
      cjkKinds[code] = kind;
    }
    if (kind === 1) count++;
  }
  return 2 * count;
}

/** A line that is only a web address: a link its author chose to show by its address, a citation, not navigation. */
const BARE_URL = /^\W{0,3}(?:https?:\/\/|www\.)\S+$/i;

/**
 * Drops the run of link-heavy blocks and furniture lines that ends a region: share bars, tag lists and
 * related links after the article's last text. The same blocks inside the article are left to its author, and
 * so are the bare addresses it cites at its end.
 */
export function trimFurnitureTail(blocks: Block[]): Block[] {
  const furniture = (block: Block) => initialClass(block) === "bad" && !BARE_URL.test(block.text);
  let end = blocks.length;
  while (end > 0 && furniture(blocks[end - 1] as Block)) end--;
  return end === blocks.length ? blocks : blocks.slice(0, end);
}

/** A run of non-body blocks is furniture when this share of its text is link text. */
const RUN_LINK_DENSITY = 0.7;
/** Fewer blocks than this are a linked line or two of the author's, kept. */
const MIN_RUN_BLOCKS = 3;

/**
 * Drops the runs of several blocks after the article's last body text that are mostly links: a related-
 * stories box or a league table of profile links whose entries carry a date or a count between the links,
 * which the tail trim (link-heavy blocks only) stops at. Headings end a run and stay. Link lists between
 * paragraphs (a table of contents, a list of sources) are the author's and stay too.
 */
export function dropTrailingLinkRuns(blocks: Block[]): Block[] {
  const classes = blocks.map(initialClass);
  const keep = blocks.map(() => true);
  const breaks = (i: number) => classes[i] === "good" || blocks[i]?.kind === "heading";
  let start = classes.lastIndexOf("good");
  if (start < 0) return blocks;
  while (start < blocks.length) {
    if (breaks(start)) {
      start++;
      continue;
    }
    let end = start;
    while (end < blocks.length && !breaks(end)) end++;
    const run = blocks.slice(start, end);
    const chars = run.reduce((sum, block) => sum + weightedLength(block.text), 0);
    const linkChars = run.reduce((sum, block) => sum + block.linkChars, 0);
    const cited = run.every((block) => BARE_URL.test(block.text));
    if (run.length >= MIN_RUN_BLOCKS && linkChars > chars * RUN_LINK_DENSITY && !cited) {
      for (let i = start; i < end; i++) keep[i] = false;
    }
    start = end;
  }
  return blocks.filter((_, i) => keep[i]);
}

/**
 * Drops the menu or breadcrumb trail that Readability's region took in above the article: three or more link-
 * heavy blocks or furniture lines before its first body text, or a run of three or more blocks before its
 * first heading or body text that is mostly link text (a menu under a plain label such as "Sections", or a
 * box of teasers under its own heading such as "Hot News"). One or two linked lines (a headline, a byline)
 * and a table of contents are left to the article.
 */
export function dropLeadingMenu(blocks: Block[]): Block[] {
  const end = leadingMenuEnd(blocks);
  return end > 0 && !tableOfContents(blocks.slice(0, end)) ? blocks.slice(end) : blocks;
}

function leadingMenuEnd(blocks: Block[]): number {
  let bad = 0;
  while (bad < blocks.length && initialClass(blocks[bad] as Block) === "bad") bad++;
  if (bad >= MIN_RUN_BLOCKS) return bad;
  // A box's own label may head the run: "Hot News" over its teasers.
  const label = blocks[0]?.kind === "heading" ? 1 : 0;
  let end = label;
  while (end < blocks.length && blocks[end]?.kind !== "heading" && initialClass(blocks[end] as Block) !== "good") end++;
  const run = blocks.slice(label, end);
  const chars = run.reduce((sum, block) => sum + weightedLength(block.text), 0);
  const linkChars = run.reduce((sum, block) => sum + block.linkChars, 0);
  return run.length >= MIN_RUN_BLOCKS && linkChars > chars * RUN_LINK_DENSITY ? end : 0;
}

/** Most of the run's links point into the page itself: the article's table of contents, not the site's menu. */
function tableOfContents(run: Block[]): boolean {
  const anchors = run.flatMap((block) => block.anchors);
  const inPage = anchors.filter((anchor) => (anchor.getAttribute("href") ?? "").startsWith("#")).length;
  return inPage * 2 > anchors.length;
}

/** A headed section after the last body text needs this many entries to be read as a box of links or teasers. */
const MIN_TAIL_ENTRIES = 3;

/**
 * Drops a section that follows the article's last body text under a heading of its own and holds only
 * short entries: "Hot news", "More from …", "Popular" boxes that a region picked up below the article.
 */
export function trimHeadedTail(blocks: Block[]): Block[] {
  let lastGood = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (initialClass(blocks[i] as Block) === "good") {
      lastGood = i;
      break;
    }
  }
  if (lastGood < 0) return blocks;
  const heading = blocks.findIndex((block, i) => i > lastGood && block.kind === "heading");
  if (heading < 0 || blocks.length - heading - 1 < MIN_TAIL_ENTRIES) return blocks;
  const entries = blocks.slice(heading + 1);
  return entries.every((block) => BARE_URL.test(block.text)) ? blocks : blocks.slice(0, heading);
}

/**
 * Lines that are page controls wherever they stand: back-to-top links, share and print buttons, teaser links, also
 * set in brackets as a button ("(Back to top)", "[ Printer Friendly Version ]").
 */
const CONTROL_LINE =
  /^\W*(?:share(?: this)?(?: (?:article|story|post|page))?:?|(?:e-?mail|print)(?: this)?(?: (?:article|story|page))?|more sharing|related (?:articles|stories|posts|links|content)|(?:you|you might|we think you'?ll?) (?:may )?also like|advertisement|report (?:this )?(?:comment|abuse)|(?:back|return|go) to (?:the )?top(?: of (?:the )?page)?|read more|full story|reprints?|rss|skip to (?:main )?(?:content|navigation)|previous \d+ ?\/ ?\d+ next|article tools|(?:font|text) size|(?:e-?mail|print) (?:article|story|page): (?:e-?mail|print)|printer[- ]friendly(?: version| page| format)?|print(?:able|er)? version|post a comment|leave a (?:comment|reply))\W*$/i;

/** A page control standing as a line of its own: "Back to top", "Print this article", "(Return to top)". */
export function isControlLine(block: Block): boolean {
  return CONTROL_LINE.test(block.text);
}

/**
 * Lines a blog or news template writes about the post rather than in it: its tags and categories, where it was
 * filed, when it was posted, how to follow its replies. Each starts with its label, so a sentence of the
 * article that mentions tags or categories does not match.
 */
const POST_METADATA =
  /^(?:tagged (?:as|with|in)\b|tags?\s*:|categor(?:y|ies)\s*:|filed (?:under|in)\b|posted in\b|archived (?:under|in)\b|this (?:entry|post) was posted\b|(?:explore )?related topics\s*:|you can follow any responses to this entry\b)/i;

/**
 * The label of an ad slot standing alone as a paragraph ("ADVERTISING", "Sponsored content", "Article continues
 * below advertisement"). Only paragraphs: as a heading or a list item, "Advertising" is more often a section of
 * the page or an entry in a list of services.
 */
const AD_LABEL =
  /^(?:advertis(?:e?ment|ing)|sponsored(?: content)?|(?:story|article) continues below(?: advertisement)?|(?:remove|hide|report|close) (?:this )?ads?)\W*$/i;

/**
 * Drops the page controls that sit between an article's paragraphs ("Back to top", "Print", "Full story") and
 * the template's lines about the post ("Tagged as: …", "This entry was posted on …") and the labels of ad slots.
 */
export function dropControlLines(blocks: Block[]): Block[] {
  return blocks.filter(
    (block) =>
      !isControlLine(block) &&
      !POST_METADATA.test(block.text) &&
      !(block.kind === "paragraph" && AD_LABEL.test(block.text)),
  );
}
