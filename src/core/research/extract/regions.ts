import { BLOCK_TAGS, SKIPPED_TAGS } from "./blocks";
import { isBoilerplate } from "./boilerplate";
import { cjkExtra } from "./classify";
import { classNames, collapsedLength, contains, type DomElement, type DomNode, isElement, TEXT_NODE } from "./dom";

/** A block reads as prose when it has this many characters (CJK weighted) and few of them are link text. */
export const MIN_PROSE_CHARS = 50;
export const MAX_PROSE_LINK_DENSITY = 0.3;
/**
 * How much a character of non-prose text (menus, link lists, captions) costs a region against its prose: as
 * much as a character of prose adds, so a wrapper wins over the article inside it only by adding more prose
 * than other text.
 */
const NON_PROSE_PENALTY = 1;
/**
 * A container the page marks as its article replaces the densest region when it holds at least this share of
 * the region's prose: what the rest of the region adds is then most often comments, teasers or a sidebar.
 */
const MIN_MARKED_SHARE = 0.5;

/** The text under an element, in CJK-weighted characters, and how it divides into blocks. */
export interface RegionText {
  /** Characters of prose blocks: long and link-poor. */
  prose: number;
  /** Characters of the other blocks. */
  other: number;
  /** Prose blocks: paragraphs long enough to be read as body text. */
  paragraphs: number;
  /** Other blocks with text: headings, captions, controls, menu entries. */
  fragments: number;
}

/** A candidate main region and what it holds. */
export interface Region extends RegionText {
  element: DomElement;
}

/** The page's main region (null when the page has no prose) and the text of the whole page. */
export interface RegionChoice {
  region: Region | null;
  page: RegionText;
}

interface Block {
  chars: number;
  linkChars: number;
}

/**
 * The page's main region, read without changing the document. Every block-level element under `body` is
 * scored by the prose below it less a penalty for its other text (text is split into blocks at block-level
 * elements other than line breaks; a block is prose when it is long and not mostly links; furniture by tag,
 * class or id is left out). The best-scoring element is the densest region; when an element inside it that
 * the page marks as its article (`marksArticle`) holds most of its prose, the innermost such element is the
 * region instead, as templates put comments, related stories and sidebars beside the article's own container.
 */
export function chooseRegion(body: DomElement | null, pageChars: number): RegionChoice {
  const empty: RegionText = { prose: 0, other: 0, paragraphs: 0, fragments: 0 };
  if (!body) return { region: null, page: empty };
  let best: Region | null = null;
  let bestScore = 0;
  const marked: Region[] = [];

  const visit = (element: DomElement, block: Block, inLink: boolean): RegionText => {
    const tag = element.localName;
    const isBlock = BLOCK_TAGS.has(tag) && tag !== "br";
    const own: Block = isBlock ? { chars: 0, linkChars: 0 } : block;
    const linked = inLink || tag === "a";
    const text: RegionText = { prose: 0, other: 0, paragraphs: 0, fragments: 0 };
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) addText(own, child, linked);
      else if (isElement(child) && !SKIPPED_TAGS.has(child.localName) && !isBoilerplate(child, pageChars)) {
        const inner = visit(child, own, linked);
        text.prose += inner.prose;
        text.other += inner.other;
        text.paragraphs += inner.paragraphs;
        text.fragments += inner.fragments;
      }
    }
    if (!isBlock) return text;
    if (own.chars >= MIN_PROSE_CHARS && own.linkChars <= own.chars * MAX_PROSE_LINK_DENSITY) {
      text.prose += own.chars;
      text.paragraphs++;
    } else if (own.chars > 0) {
      text.other += own.chars;
      text.fragments++;
    }
    const score = text.prose - NON_PROSE_PENALTY * text.other;
    if (score > 0) {
      if (score > bestScore) {
        best = { element, ...text };
        bestScore = score;
      }
      if (marksArticle(element)) marked.push({ element, ...text });
    }
    return text;
  };

  const page = visit(body, { chars: 0, linkChars: 0 }, false);
  return { region: best && innermostMarked(best, marked), page };
}

/**
 * The first marked element inside `best` that holds enough of its prose. `marked` is in the order the walk
 * finished the elements, so of nested candidates the innermost comes first.
 */
function innermostMarked(best: Region, marked: Region[]): Region {
  const found = marked.find(
    (candidate) => candidate.prose >= best.prose * MIN_MARKED_SHARE && contains(best.element, candidate.element),
  );
  return found ?? best;
}

/** class/id words that name the article's own container in common site templates and publishing systems. */
const ARTICLE_CLASS =
  /(?:^|[\s_-])(?:entry-content|post-content|article-content|article-body|articlebody|article__body|article-text|story-body|storybody|story-content|post-body|postbody|entry-body|post-entry|blog-post|single-post|hentry)(?:$|[\s_-])/i;

/** An element its page marks as the article: by tag, ARIA role, schema.org itemprop or class/id words. */
export function marksArticle(element: DomElement): boolean {
  const tag = element.localName;
  if (tag === "article" || tag === "main") return true;
  const role = element.getAttribute("role");
  if (role === "main" || role === "article") return true;
  if (element.getAttribute("itemprop") === "articleBody") return true;
  return ARTICLE_CLASS.test(`${classNames(element)} ${element.getAttribute("id") ?? ""}`);
}

function addText(block: Block, node: DomNode, inLink: boolean): void {
  const text = node.textContent ?? "";
  // The weighted length of the text with its whitespace collapsed; whitespace is never CJK.
  const length = collapsedLength(text) + cjkExtra(text);
  block.chars += length;
  if (inLink) block.linkChars += length;
}
