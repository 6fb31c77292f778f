import type { Link } from "../types";
import { attr, type DomElement, normalizeSpace } from "./dom";
import { resolveHttpUrl } from "./urls";

/** Absolute http(s) links of `anchors`, first occurrence of each target, excluding links back to the page itself. */
export function collectLinks(anchors: Iterable<DomElement>, pageUrl: string): Link[] {
  const self = resolveHttpUrl(pageUrl, pageUrl);
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const anchor of anchors) {
    const href = resolveHttpUrl(attr(anchor, "href"), pageUrl);
    if (!href || href === self || seen.has(href)) continue;
    seen.add(href);
    links.push({ href, text: normalizeSpace(anchor.textContent ?? "") });
  }
  return links;
}
