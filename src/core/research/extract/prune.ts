import { type DomElement, type DomNode, isElement } from "./dom";

const COMMENT_NODE = 8;

/** Elements that never carry reading text; metadata is read before they go. */
const NON_CONTENT_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "iframe",
  "object",
  "embed",
  "canvas",
  "link",
  "meta",
]);

/**
 * Removes scripts, styles, embeds and HTML comments. Nothing here is text a reader sees, and Readability
 * serialises and re-walks the whole document, so a smaller tree makes it about a third faster.
 */
export function removeNonContent(root: DomElement | null): void {
  if (!root) return;
  const doomed: DomNode[] = [];
  const walk = (element: DomElement): void => {
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === COMMENT_NODE) doomed.push(child);
      else if (isElement(child)) {
        if (NON_CONTENT_TAGS.has(child.localName)) doomed.push(child);
        else walk(child);
      }
    }
  };
  walk(root);
  for (const node of doomed) node.remove();
}
