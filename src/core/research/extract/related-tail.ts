import type { Block } from "./blocks";

/**
 * A line that on its own heads a box of links to other pages: "Related articles", "More from …", "You may also
 * like", "Elsewhere on …", "Most popular". Anchored at both ends, so a sentence or an inline "Related: …" link
 * inside the article never matches. It is tried on the line without its trailing punctuation (see isRelatedHeader):
 * a trailing `\W*` after the open `.{0,40}` runs would let the two trade characters on every attempt.
 */
const RELATED_HEADER =
  /^(?:related(?: (?:articles|stories|posts|links|content|reads?|coverage|news|topics))?|recommended(?: (?:reading|articles|stories|for you))?|(?:you )?(?:might|may) also (?:like|enjoy|be interested in)|(?:what|more) to read next|read next|more (?:stories|articles|news|headlines)(?: .{0,40})?|more from(?: .{0,40})?|elsewhere on(?: .{0,30})?|(?:most )?popular(?: (?:stories|articles|posts|now))?|top stories|also (?:see|read)|if you liked this(?: .{0,40})?|more .{0,30} (?:news|coverage|stories|articles)|other news(?: .{0,40})?)$/i;
const MAX_HEADER_CHARS = 80;
/**
 * Such a box follows the article: a header with less than this share of the region's text before it is more
 * likely a section of the article itself (a list of further reading it is about), and stays.
 */
const MIN_SHARE_BEFORE = 0.5;

/**
 * The blocks before a box of related links: its header and everything after it are the page's teasers for
 * other pages, which a region picks up below the article (with their summaries, long enough to read as text).
 */
export function cutRelatedTail(blocks: Block[]): Block[] {
  const total = blocks.reduce((sum, block) => sum + block.text.length, 0);
  let seen = 0;
  const header = blocks.findIndex((block) => {
    const found = seen >= total * MIN_SHARE_BEFORE && isRelatedHeader(block.text);
    seen += block.text.length;
    return found;
  });
  return header < 0 ? blocks : blocks.slice(0, header);
}

function isRelatedHeader(text: string): boolean {
  return text.length <= MAX_HEADER_CHARS && RELATED_HEADER.test(withoutTrailingNonWord(text));
}

/** The text without the characters `\W` matches at its end ("Related:" → "Related", "More from us ›" → "More from us"). */
function withoutTrailingNonWord(text: string): string {
  let end = text.length;
  while (end > 0 && !isWordCode(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** `\w` without the u flag: ASCII letters, digits and the underscore. */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
