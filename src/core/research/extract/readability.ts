import { Readability } from "@mozilla/readability";
import type { DomDocument, DomElement } from "./dom";

interface ReaderChecks {
  _isValidByline?: (node: DomElement, matchString: string) => boolean;
  _isProbablyVisible?: (node: DomElement) => boolean;
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
  checkBylineCheaply(reader as unknown as ReaderChecks);
  checkVisibilityCheaply(reader as unknown as ReaderChecks);
  return reader.parse()?.content ?? null;
}

/**
 * Readability measures every node's text before asking whether the node looks like a byline at all, which
 * walks each subtree again for every element of the page; asking the cheap questions (rel, itemprop, class
 * and id words) first gives the same answers for a fraction of the time.
 */
function checkBylineCheaply(reader: ReaderChecks): void {
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

/**
 * Readability reads every element's computed `style` to find hidden ones, and linkedom builds a style object
 * for each element it is asked about; an element without a style attribute has no display or visibility
 * rule to read, so only its hidden and aria-hidden attributes are asked, as Readability then asks them.
 */
function checkVisibilityCheaply(reader: ReaderChecks): void {
  const visible = reader._isProbablyVisible?.bind(reader);
  if (!visible) return;
  reader._isProbablyVisible = (node) => {
    if (node.getAttribute("style") !== null) return visible(node);
    if (node.getAttribute("hidden") !== null) return false;
    return node.getAttribute("aria-hidden") !== "true" || (node.getAttribute("class") ?? "").includes("fallback-image");
  };
}
