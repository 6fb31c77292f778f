import { type DomDocument, type DomElement, isElement, normalizeSpace, parseDocument } from "./dom";
import { removeNonContent } from "./prune";

/** Scripts and trackers often follow `</body>`; this much markup after it is more likely misplaced content. */
const MAX_TAIL_AFTER_BODY = 2000;
/** Text outside the body beyond this (and beyond the body's own) means the parser put the page's text there. */
const MIN_LOST_CHARS = 200;
const DOCUMENT_TAG = /<(\/?)(html|head|body)\b/gi;

interface ReadablePage {
  doc: DomDocument;
  /** The markup `doc` was parsed from: the page's own, or its repair. */
  source: string;
  /** How deeply the repair's elements nest (0 for the page's own parse, measured before). */
  depth: number;
}

/**
 * The parsed page (already pruned of scripts and the like), or a parse of its repaired markup when the
 * lenient parser left the page's text outside the body (most often in a head that was never closed).
 */
export function wellFormed(doc: DomDocument, html: string): ReadablePage {
  if (!bodyLost(doc)) return { doc, source: html, depth: 0 };
  const source = repaired(html);
  const second = parseDocument(source);
  const depth = removeNonContent(second.documentElement);
  return bodyText(second) > bodyText(doc) ? { doc: second, source, depth } : { doc, source: html, depth: 0 };
}

/**
 * The markup to read again when the first reading gave too little: repaired when it shows a sign that a
 * lenient parser may have dropped content (a second html, head or body, or a body closed early).
 */
export function markupToReread(html: string): string {
  return misnested(html) ? repaired(html) : html;
}

/**
 * The markup with its fallbacks shown, as a browser without scripts or frames shows it: what its noscript and
 * noframes elements hold is read as the page's own (they are otherwise pruned as never shown, which is true
 * only where scripts run and frames load; this crawler runs no scripts and loads no frames).
 */
export function fallbacksShown(html: string): string {
  return html.replace(/<(\/?)(?:noscript|noframes)\b/gi, "<$1div").replace(/<\/?frameset\b[^<>]*>/gi, "");
}

/** The element holding the page's text, with the length of that text. */
export interface ContentRoot {
  element: DomElement | null;
  chars: number;
}

/**
 * The element holding the page's text: its body, or, when markup before `<html>` made a stray element the
 * document's root (a script, an input, a text node), the top-level element with the most text, read
 * through its own body when it has one.
 */
export function contentRoot(doc: DomDocument): ContentRoot {
  const tops = Array.from(doc.childNodes).filter(isElement);
  if (tops.length <= 1) {
    const body = textOf(doc.body);
    return body.trim() ? { element: doc.body, chars: body.length } : withText(doc.documentElement);
  }
  let best: ContentRoot = { element: null, chars: -1 };
  for (const top of tops) {
    const candidate = withText(top);
    if (candidate.chars > best.chars) best = candidate;
  }
  const body = best.element?.localName === "html" ? best.element.getElementsByTagName("body")[0] : undefined;
  return body && textOf(body).trim() ? withText(body) : best;
}

function withText(element: DomElement | null | undefined): ContentRoot {
  return { element: element ?? null, chars: textOf(element).length };
}

function textOf(element: DomElement | null | undefined): string {
  return element?.textContent ?? "";
}

function bodyText(doc: DomDocument): number {
  return normalizeSpace(doc.body?.textContent ?? "").length;
}

/**
 * Text sits in elements the parser set beside the document's root (markup after `</html>`, a second `<html>`
 * after the first), which a browser would have put in the body; or it sits in the root outside the body, and
 * more of it than inside (most often in a head left open).
 */
function bodyLost(doc: DomDocument): boolean {
  const root = doc.documentElement;
  if (!root) return false;
  let beside = 0;
  for (const top of Array.from(doc.childNodes)) {
    if (top !== root && isElement(top)) beside += normalizeSpace(top.textContent ?? "").length;
  }
  if (beside > MIN_LOST_CHARS) return true;
  let outside = 0;
  for (const child of Array.from(root.childNodes)) {
    if (child === doc.body) continue;
    outside += normalizeSpace(child.textContent ?? "").length;
    if (isElement(child) && child.localName === "head") {
      outside -= normalizeSpace(child.getElementsByTagName("title")[0]?.textContent ?? "").length;
    }
  }
  return outside > MIN_LOST_CHARS && outside > (doc.body?.textContent ?? "").trim().length;
}

/** A second html, head or body tag, or a `</body>` followed by a page's worth of markup. */
function misnested(html: string): boolean {
  const opened = new Set<string>();
  DOCUMENT_TAG.lastIndex = 0;
  for (let match = DOCUMENT_TAG.exec(html); match; match = DOCUMENT_TAG.exec(html)) {
    const tag = (match[2] ?? "").toLowerCase();
    if (match[1]) {
      const tail = html.length - match.index;
      if (tag === "body" && tail > MAX_TAIL_AFTER_BODY && /<(?:p|div|table|td)\b/i.test(html.slice(match.index))) {
        return true;
      }
    } else if (opened.has(tag)) return true;
    else opened.add(tag);
  }
  return false;
}

/** The page with every html, head and body tag taken out, so that all its content lands in one body. */
function repaired(html: string): string {
  // A tag ends at `>`, or is not one at the next `<`: a page of `<body<body…` never scans to its end from each.
  const stripped = html.replace(/<\/?(?:html|head|body)\b[^<>]*>/gi, "");
  return `<!DOCTYPE html><html><head></head><body>${stripped}</body></html>`;
}
