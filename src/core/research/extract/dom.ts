import { parseHTML } from "linkedom";
import { markupAsBrowsersRead } from "./markup";

/** The slice of the DOM that extraction reads; linkedom's nodes satisfy it in Workers and in Node alike. */
export interface DomNode {
  readonly nodeType: number;
  remove(): void;
  readonly nodeName: string;
  readonly parentNode: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly textContent: string | null;
  replaceWith(...nodes: DomNode[]): void;
}

export interface DomElement extends DomNode {
  readonly localName: string;
  readonly children: ArrayLike<DomElement>;
  readonly parentElement: DomElement | null;
  readonly firstElementChild: DomElement | null;
  readonly nextElementSibling: DomElement | null;
  getAttribute(name: string): string | null;
  getAttributeNode(name: string): { readonly value: string } | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getElementsByTagName(tag: string): ArrayLike<DomElement>;
}

export interface DomDocument {
  readonly childNodes: ArrayLike<DomNode>;
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  readonly head: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  /** Much cheaper than querySelectorAll in linkedom: a plain walk without selector matching. */
  getElementsByTagName(tag: string): ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/**
 * Whitespace runs are cut to this length before parsing: linkedom splits a `style` attribute on the pattern
 * `\s*;\s*`, which takes time quadratic in a run of whitespace (a 300 kB run of spaces took minutes).
 * HTML collapses such runs anyway, and the extractor normalises the text it keeps.
 */
const MAX_WHITESPACE_RUN = 64;
/**
 * Matched only from the start of a run: without the lookbehind the engine retries at every character of every
 * shorter run (indentation), which made this replace a twentieth of the extractor's time.
 */
const LONG_WHITESPACE = new RegExp(`(?<!\\s)\\s{${MAX_WHITESPACE_RUN + 1},}`, "g");

export function parseDocument(html: string): DomDocument {
  const browsersRead = markupAsBrowsersRead(html);
  const bounded = hasLongWhitespace(browsersRead)
    ? browsersRead.replace(LONG_WHITESPACE, (run) => run.slice(0, MAX_WHITESPACE_RUN))
    : browsersRead;
  const { document } = parseHTML(bounded);
  // Markup with no element at all (a page of plain text) leaves the parser without a root, where a browser puts
  // the text in a body; such a document would fail every read that goes through its body.
  if (document.documentElement || !bounded.trim()) return document as unknown as DomDocument;
  return parseHTML(`<!DOCTYPE html><html><head></head><body>${bounded}</body></html>`)
    .document as unknown as DomDocument;
}

/**
 * Whether `html` has a run of more than MAX_WHITESPACE_RUN characters matched by `\s`: what LONG_WHITESPACE
 * would find. Most pages have none, and the expression reads every character to say so (a twentieth of the
 * extractor's time again); this reads one character in MAX_WHITESPACE_RUN + 1 where there is no whitespace.
 * Each step looks at the last character of a window as long as the run sought: one that is not white space
 * cannot be in such a run, so the next window starts after it; one that is, is counted back from until the
 * window is all white space (found) or a character that is not ends the count, and the next window starts
 * after that character.
 */
export function hasLongWhitespace(html: string): boolean {
  const run = MAX_WHITESPACE_RUN + 1;
  for (let end = run - 1; end < html.length; ) {
    if (!isSpace(html.charCodeAt(end))) {
      end += run;
      continue;
    }
    let at = end - 1;
    while (at > end - run && isSpace(html.charCodeAt(at))) at--;
    if (at === end - run) return true;
    end = at + run;
  }
  return false;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/**
 * The whitespace that `normalizeSpace` rewrites: runs of two or more, and single characters other than a space.
 * A single space is already what a run becomes, so it is not matched: replacing every run, single spaces
 * included, rebuilt the string at every word and took more than twice as long.
 */
const SPACE_TO_COLLAPSE = /[\s\u00a0\u200b]{2,}|[^\S ]|\u200b/g;

/** Collapses runs of whitespace (including non-breaking and zero-width spaces) to one space and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(SPACE_TO_COLLAPSE, " ").trim();
}

/** The length of `normalizeSpace(text)`, counted without building the normalised string. */
export function normalizedLength(text: string): number {
  return lengthCollapsing(text, true);
}

/** The length of `text.replace(/\s+/g, " ").trim()`, counted without building that string. */
export function collapsedLength(text: string): number {
  return lengthCollapsing(text, false);
}

/**
 * The length `text` has once each run of whitespace (`\s`, which is also what `trim` removes; with
 * `zeroWidth`, also U+200B) becomes one space and the ends are trimmed. Extraction measures the text of every
 * text node, and the strings it would build only to be measured were a large share of its allocations.
 */
function lengthCollapsing(text: string, zeroWidth: boolean): number {
  let length = 0;
  let gap = false;
  let started = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (isSpace(code) || (zeroWidth && code === 0x200b)) {
      gap = started;
      continue;
    }
    if (gap) length++;
    gap = false;
    started = true;
    length++;
  }
  return length;
}

/** Whether a UTF-16 code unit is matched by `\s`. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Whether `element` is `ancestor` or lies below it. */
export function contains(ancestor: DomElement, element: DomElement): boolean {
  for (let at: DomElement | null = element; at; at = at.parentElement) if (at === ancestor) return true;
  return false;
}

/**
 * The element's class names as `getAttribute("class")` gives them, "" without any. linkedom answers that call by
 * spreading the element's class list into an array and joining it, anew at each call; the attribute itself holds
 * the same text (linkedom writes the list's joined names back to it whenever the list changes, parsing included),
 * and furniture checks ask for it of every element, several times a page.
 */
export function classNames(element: DomElement): string {
  return element.getAttributeNode("class")?.value ?? "";
}

/** Attribute value or "" (linkedom returns null for missing attributes). */
export function attr(el: DomElement | null, name: string): string {
  return el?.getAttribute(name)?.trim() ?? "";
}

/**
 * The elements of `doc` with the given tags, each tag's in document order, from one walk of the tree (and of
 * any stray elements before `<html>`). linkedom's getElementsByTagName walks every node per call, so one
 * walk for several tags is several times cheaper. The walk keeps no stack, so deep nesting is safe.
 */
export function elementsByTag(doc: DomDocument, tags: readonly string[]): Map<string, DomElement[]> {
  const found = new Map(tags.map((tag) => [tag, [] as DomElement[]]));
  for (const top of Array.from(doc.childNodes)) {
    if (!isElement(top)) continue;
    let element: DomElement | null = top;
    while (element) {
      found.get(element.localName)?.push(element);
      element = nextInTree(element, top);
    }
  }
  return found;
}

/** The element after `element` in document order within `root`, or null at the end of `root`. */
function nextInTree(element: DomElement, root: DomElement): DomElement | null {
  if (element.firstElementChild) return element.firstElementChild;
  for (let at: DomElement | null = element; at && at !== root; at = at.parentElement) {
    if (at.nextElementSibling) return at.nextElementSibling;
  }
  return null;
}

/**
 * How big a tree is for a reader that walks each element's descendants: its elements below `root`, and the sum of
 * their depths below it (each element is walked once for each ancestor). The walk stops once that sum passes
 * `cap`; it keeps its own stack, so deep nesting cannot overflow the call stack.
 */
export function treeWeight(root: DomElement | null, cap: number): { elements: number; depths: number } {
  let elements = 0;
  let depths = 0;
  if (!root) return { elements, depths };
  const stack: [DomElement, number][] = [[root, 0]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [element, depth] = entry;
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) {
      elements++;
      depths += depth + 1;
      if (depths > cap) return { elements, depths };
      stack.push([child, depth + 1]);
    }
  }
  return { elements, depths };
}
