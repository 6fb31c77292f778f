import { Readability } from "@mozilla/readability";
import type { DomDocument, DomElement } from "./dom";

interface BylineCheck {
  _isValidByline?: (node: DomElement, matchString: string) => boolean;
  REGEXPS?: { byline?: RegExp };
}

/** Mozilla Readability's main-content element for `doc`, or null when it finds none. Mutates `doc`. */
export function readabilityContent(doc: DomDocument): DomElement | null {
  const reader = new Readability<DomElement>(doc as never, {
    keepClasses: true,
    // Metadata is read before scripts are pruned; the content is all that is asked of Readability here.
    disableJSONLD: true,
    serializer: (node) => node as unknown as DomElement,
  });
  checkBylineCheaply(reader as unknown as BylineCheck);
  return reader.parse()?.content ?? null;
}

/**
 * Readability measures every node's text before asking whether the node looks like a byline at all, which
 * walks each subtree again for every element of the page; asking the cheap questions (rel, itemprop, class
 * and id words) first gives the same answers for a fraction of the time.
 */
function checkBylineCheaply(reader: BylineCheck): void {
  const byline = reader.REGEXPS?.byline;
  if (typeof reader._isValidByline !== "function" || !(byline instanceof RegExp)) return;
  reader._isValidByline = (node, matchString) => {
    const itemprop = node.getAttribute("itemprop");
    const looksLikeByline =
      node.getAttribute("rel") === "author" || Boolean(itemprop?.includes("author")) || byline.test(matchString);
    if (!looksLikeByline) return false;
    const length = (node.textContent ?? "").trim().length;
    return length > 0 && length < 100;
  };
}
