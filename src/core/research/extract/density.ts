import { BLOCK_TAGS, SKIPPED_TAGS } from "./blocks";
import { isBoilerplate } from "./boilerplate";
import { type DomElement, type DomNode, isElement, TEXT_NODE } from "./dom";

/** A block reads as prose when it has this many characters and few of them are link text. */
const MIN_PROSE_CHARS = 50;
const MAX_PROSE_LINK_DENSITY = 0.3;
/** How much a character of non-prose text (menus, link lists, captions) costs a region against its prose. */
const NON_PROSE_PENALTY = 0.25;

interface RegionText {
  prose: number;
  other: number;
}

/** The chosen element and how many characters of prose and of other text it holds. */
export interface DenseRegion extends RegionText {
  element: DomElement;
}

interface Block {
  chars: number;
  linkChars: number;
}

/**
 * The element whose subtree holds the most prose for the least other text: text is split into blocks at
 * block-level elements, a block counts as prose when it is long and not mostly links, and every element
 * is scored by prose − penalty × other text below it. Reads the document without changing it.
 */
export function densestRegion(body: DomElement | null, pageChars: number): DenseRegion | null {
  if (!body) return null;
  let best: DenseRegion | null = null;
  let bestScore = 0;

  const visit = (element: DomElement, block: Block, inLink: boolean): RegionText => {
    const isBlock = BLOCK_TAGS.has(element.localName);
    const own: Block = isBlock ? { chars: 0, linkChars: 0 } : block;
    const linked = inLink || element.localName === "a";
    const region: RegionText = { prose: 0, other: 0 };
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) addText(own, child, linked);
      else if (isElement(child) && !SKIPPED_TAGS.has(child.localName) && !isBoilerplate(child, pageChars)) {
        const inner = visit(child, own, linked);
        region.prose += inner.prose;
        region.other += inner.other;
      }
    }
    if (isBlock) {
      const prose = own.chars >= MIN_PROSE_CHARS && own.linkChars <= own.chars * MAX_PROSE_LINK_DENSITY;
      if (prose) region.prose += own.chars;
      else region.other += own.chars;
      const score = region.prose - NON_PROSE_PENALTY * region.other;
      if (score > bestScore) {
        best = { element, ...region };
        bestScore = score;
      }
    }
    return region;
  };

  visit(body, { chars: 0, linkChars: 0 }, false);
  return best;
}

function addText(block: Block, node: DomNode, inLink: boolean): void {
  const length = (node.textContent ?? "").replace(/\s+/g, " ").trim().length;
  block.chars += length;
  if (inLink) block.linkChars += length;
}
