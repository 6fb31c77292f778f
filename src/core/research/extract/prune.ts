import { type DomDocument, type DomElement, type DomNode, isElement } from "./dom";

const COMMENT_NODE = 8;

/** Elements that never carry reading text; metadata is read before they go. */
const NON_CONTENT_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "iframe",
  "embed",
  "canvas",
  "link",
  "meta",
  // Fallbacks a browser shows only where it has no frames or plugins: every browser has them.
  "noframes",
  "noembed",
]);

/**
 * Removes scripts, styles, embeds and HTML comments, puts in place of a plugin's `<object>` the markup it holds
 * for browsers without the plugin (`showsFallback`), and returns how deeply the remaining elements nest.
 * Nothing removed is text a reader sees, and Readability serialises and re-walks the whole document, so a
 * smaller tree is cheaper. The walk keeps its own stack, so hostile nesting cannot overflow the call stack.
 */
export function removeNonContent(root: DomElement | null): number {
  if (!root) return 0;
  const doomed: DomNode[] = [];
  const shadowRoots: DomElement[] = [];
  const fallbacks: DomElement[] = [];
  const stack: [DomElement, number][] = [[root, 1]];
  let maxDepth = 0;
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [element, depth] = entry;
    if (depth > maxDepth) maxDepth = depth;
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === COMMENT_NODE) doomed.push(child);
      else if (isElement(child)) {
        if (isShadowRoot(child)) {
          shadowRoots.push(child);
          stack.push([child, depth + 1]);
        } else if (NON_CONTENT_TAGS.has(child.localName)) doomed.push(child);
        else if (child.localName === "object") {
          if (showsFallback(child)) {
            fallbacks.push(child);
            stack.push([child, depth + 1]);
          } else doomed.push(child);
        } else stack.push([child, depth + 1]);
      }
    }
  }
  for (const node of doomed) node.remove();
  for (const template of shadowRoots) template.replaceWith(...Array.from(template.childNodes));
  for (const object of fallbacks) {
    object.replaceWith(
      ...Array.from(object.childNodes).filter((node) => !isElement(node) || node.localName !== "param"),
    );
  }
  return maxDepth;
}

/** What an `<object>` shows itself, with no plugin: an image, a page or a PDF, by type or by the data's extension. */
const SHOWN_TYPE = /^(?:image\/|text\/|application\/(?:pdf|xhtml\+xml|xml)\b)/i;
const SHOWN_DATA = /\.(?:png|jpe?g|gif|webp|avif|svgz?|bmp|ico|html?|xhtml|pdf)(?:[?#]|$)/i;

/**
 * Whether a browser shows an `<object>`'s content in its place: browsers run no plugins any more (Flash, Java,
 * ActiveX `classid`), so an object for one shows the markup inside it, its fallback, as a reader sees the page;
 * one that names an image, a page or a PDF shows that instead, and is no reading text.
 */
function showsFallback(object: DomElement): boolean {
  if (object.getAttribute("classid") !== null) return true;
  const type = object.getAttribute("type") ?? "";
  if (type) return !SHOWN_TYPE.test(type.trim());
  return !SHOWN_DATA.test((object.getAttribute("data") ?? "").trim());
}

/**
 * A declarative shadow root (`<template shadowrootmode>`, or `shadowroot` as it was first named): a browser renders
 * what it holds in its host, so its text is the page's, where any other template's is only a script's material.
 */
function isShadowRoot(element: DomElement): boolean {
  return (
    element.localName === "template" &&
    (element.getAttribute("shadowrootmode") !== null || element.getAttribute("shadowroot") !== null)
  );
}

/** Prunes every top-level element of `doc` (markup before `<html>` can leave several) and returns the deepest nesting. */
export function pruneDocument(doc: DomDocument): number {
  let depth = 0;
  for (const node of Array.from(doc.childNodes)) {
    if (isElement(node)) depth = Math.max(depth, removeNonContent(node));
  }
  return depth;
}
