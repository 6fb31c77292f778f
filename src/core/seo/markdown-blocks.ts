import { marked, type Token } from "marked";
import { stripMarkers } from "../text/markdown";

/** What a document's walk reads of a page: its headings, text blocks and links, in document order. */
export interface MarkdownBlocks {
  headings: { level: number; text: string }[];
  paragraphs: string[];
  links: { href: string; text: string }[];
}

/** Character references mean what an HTML parser makes of them: Markdown that may hold one goes through HTML. */
const NEEDS_HTML = /&/;

/**
 * The headings, paragraphs and links of Markdown read straight from its tokens, for the common case of prose
 * (headings and paragraphs with emphasis, code and links; an article is that): the same blocks, text and links
 * the document walk finds in the HTML that `marked` renders of it, without rendering the HTML and parsing it
 * back. Anything else (lists, quotes, tables, code blocks, images, line breaks, raw HTML, character references)
 * gives undefined, and the caller takes the HTML path. The tests hold the two paths to the same answer.
 */
export function markdownBlocks(markdown: string): MarkdownBlocks | undefined {
  if (NEEDS_HTML.test(markdown)) return undefined;
  // Pathological nesting can exhaust the stack in the lexer or in the walk: then the HTML path, which has its
  // own way out, reads the text.
  try {
    return readTokens(marked.lexer(markdown, { gfm: true }));
  } catch {
    return undefined;
  }
}

function readTokens(tokens: Token[]): MarkdownBlocks | undefined {
  const out: MarkdownBlocks = { headings: [], paragraphs: [], links: [] };
  for (const token of tokens) {
    if (token.type === "space") continue;
    if (token.type !== "heading" && token.type !== "paragraph") return undefined;
    const inline = inlineText(token.tokens ?? [], out.links);
    if (inline === undefined) return undefined;
    // A paragraph's citation markers are left out, as the document walk leaves them out.
    const value = text(token.type === "heading" ? inline : stripMarkers(inline));
    if (!value) continue;
    if (token.type === "heading") out.headings.push({ level: token.depth, text: value });
    else out.paragraphs.push(value);
  }
  return out;
}

/** The text `marked`'s HTML shows for inline tokens, the links among them added to `links`; undefined past prose. */
function inlineText(tokens: Token[], links: MarkdownBlocks["links"]): string | undefined {
  let out = "";
  for (const token of tokens) {
    switch (token.type) {
      case "text":
        if (token.tokens?.length) {
          const inner = inlineText(token.tokens, links);
          if (inner === undefined) return undefined;
          out += inner;
        } else if (token.escaped) return undefined;
        else out += token.text;
        break;
      case "escape":
      case "codespan":
        out += token.text;
        break;
      case "strong":
      case "em":
      case "del": {
        const inner = inlineText(token.tokens ?? [], links);
        if (inner === undefined) return undefined;
        out += inner;
        break;
      }
      case "link": {
        const at = links.length;
        const inner = token.autolink ? token.text : inlineText(token.tokens ?? [], links);
        if (inner === undefined) return undefined;
        const href = cleanUrl(token.href);
        // A link `marked` cannot encode is written as its text alone; a link comes before the links inside it.
        if (href !== null) links.splice(at, 0, { href: href.trim(), text: text(inner) });
        out += inner;
        break;
      }
      default:
        return undefined;
    }
  }
  return out;
}

/** The target `marked` writes for a link (its `cleanUrl`): URI-encoded, an encoded `%` left as it was. */
function cleanUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, "%");
  } catch {
    return null;
  }
}

/** White space folded as the document walk folds a node's text. */
function text(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}
