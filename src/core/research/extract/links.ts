import type { Link } from "../types";
import { attr, type DomElement, normalizeSpace } from "./dom";
import { resolveHttpUrl } from "./urls";

/** Absolute http(s) links under `root`, first occurrence of each target, excluding links back to the page itself. */
export function collectLinks(root: DomElement | null, pageUrl: string): Link[] {
  if (!root) return [];
  const self = resolveHttpUrl(pageUrl, pageUrl);
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const anchor of Array.from(root.getElementsByTagName("a"))) {
    const href = resolveHttpUrl(attr(anchor, "href"), pageUrl);
    if (!href || href === self || seen.has(href)) continue;
    seen.add(href);
    links.push({ href, text: normalizeSpace(anchor.textContent ?? "") });
  }
  return links;
}
