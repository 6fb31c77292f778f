import { BLOCK_TAGS } from "./blocks";
import { type DomElement, type DomNode, isElement, normalizeSpace, TEXT_NODE } from "./dom";

/** A text that on its own heads a comment thread: "Comments", "25 Comments", "Leave a Reply", "3 comments on …". */
const COMMENT_HEADER = [
  /^(?:comments?|reader comments|user comments|leave a (?:reply|comment)|post a comment|add (?:a |your )?comment|have your say|join the (?:discussion|conversation)|trackbacks?)(?:\s*\(\d+\))?\s*:?$/i,
  /^\d+\s+(?:comments?|responses?|replies|trackbacks?)(?:\s+(?:so far|on|to)\b.*)?\s*:?$/i,
  /\b\d+\s+comments?$/i,
];
const MAX_HEADER_CHARS = 80;
/** A thread follows an article: a header before this much text is a "n comments" link in the byline, kept. */
const MIN_TEXT_BEFORE = 400;

/** Cuts a comment thread off the end of the content: the header block and everything after it. */
export function removeCommentTail(root: DomElement | null): void {
  if (!root) return;
  let seen = 0;
  let header: DomNode | null = null;
  const walk = (node: DomNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (header) return;
      if (child.nodeType === TEXT_NODE) {
        const text = child.textContent ?? "";
        if (seen >= MIN_TEXT_BEFORE && normalizeSpace(text)) {
          const block = blockOf(child, root);
          if (isCommentHeader(block)) header = block;
        }
        seen += text.length;
      } else if (isElement(child)) walk(child);
    }
  };
  walk(root);
  if (header) cutFrom(header, root);
}

function isCommentHeader(block: DomNode): boolean {
  if (insideCode(block)) return false;
  const normalized = normalizeSpace(block.textContent ?? "");
  return (
    normalized.length > 0 && normalized.length <= MAX_HEADER_CHARS && COMMENT_HEADER.some((re) => re.test(normalized))
  );
}

function insideCode(node: DomNode): boolean {
  for (let current: DomNode | null = node; current; current = current.parentNode) {
    if (current.nodeName === "PRE" || current.nodeName === "CODE") return true;
  }
  return false;
}

function blockOf(node: DomNode, root: DomElement): DomNode {
  let current = node;
  while (current.parentNode && current.parentNode !== root && !BLOCK_TAGS.has((current as DomElement).localName)) {
    current = current.parentNode;
  }
  return current;
}

/** Removes `start`, its following siblings, and the following siblings of each of its ancestors below `root`. */
function cutFrom(start: DomNode, root: DomElement): void {
  for (let node: DomNode | null = start; node && node !== root; node = node.parentNode) {
    while (node.nextSibling) node.nextSibling.remove();
  }
  start.remove();
}
