import { parseHTML } from "linkedom";
import { marked } from "marked";
import { parserReady, stripMarkers } from "../text/markdown";
import { markdownBlocks } from "./markdown-blocks";

/** What the SEO checks read: the page reduced to its headings, text blocks, links, images and metadata. */
export interface SeoDocument {
  title: string;
  metaDescription: string;
  slug: string;
  language?: string;
  canonicalUrl?: string;
  headings: { level: number; text: string }[];
  /** Text blocks outside headings, in document order (paragraphs, list items, quotes, cells). */
  paragraphs: string[];
  links: { href: string; text: string }[];
  images: { src: string; alt: string }[];
  jsonLd: string[];
  /** A whole page (with `<head>`) rather than a fragment: only a page can carry JSON-LD. */
  isFullPage: boolean;
}

/** The slice of the DOM the walk uses (the Worker has no DOM types; linkedom provides these members). */
interface DomNode {
  nodeType: number;
  tagName?: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

export interface DocumentFields {
  content: string;
  format: "html" | "markdown";
  title?: string;
  metaDescription?: string;
  slug?: string;
  url?: string;
}

/** Not text a reader sees. HEAD is walked: malformed pages nest a second `<head>` inside the body, content and all. */
const SKIP = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "IFRAME",
  "OBJECT",
  "CANVAS",
  "SELECT",
  "TITLE",
  "META",
  "LINK",
]);
const BLOCK = new Set(
  "P DIV LI UL OL BLOCKQUOTE TD TH TR TABLE DD DT DL FIGCAPTION PRE SECTION ARTICLE MAIN ASIDE NAV HEADER FOOTER FORM HR ADDRESS DETAILS SUMMARY CENTER".split(
    " ",
  ),
);
const HEADING = /^H([1-6])$/;
/** What a whole page starts with, after white space and comments: a doctype, `<html>` or `<head>`. */
const PAGE_START = /<(?:!doctype|html|head)[\s>]/iy;

/**
 * Whether HTML is a whole page rather than a fragment: white space and comments, each closed by its first `-->`,
 * then a doctype, `<html>` or `<head>`. Read by a loop, as one pattern (`^\s*(?:<!--[\s\S]*?-->\s*)*<…`) took time
 * exponential in the number of comments before a fragment's first tag: 30 empty comments, several seconds.
 */
export function startsAsPage(html: string): boolean {
  let at = 0;
  for (;;) {
    while (at < html.length && /\s/.test(html[at] as string)) at++;
    if (!html.startsWith("<!--", at)) break;
    const end = html.indexOf("-->", at + 4);
    if (end < 0) return false;
    at = end + 3;
  }
  PAGE_START.lastIndex = at;
  return PAGE_START.test(html);
}
/** Old pages separate paragraphs with `<br><br>` instead of `<p>`; a marker keeps that visible to the walk. */
const LINE_BREAK = "\u2029";
const DOUBLE_BREAK = /\u2029\s*\u2029/;

export function parseDocument(fields: DocumentFields): SeoDocument {
  if (fields.format !== "markdown") return htmlDocument(fields);
  const markdown = { ...fields, content: parserReady(fields.content) };
  const blocks = markdownBlocks(markdown.content);
  return blocks ? fragmentDocument(markdown, blocks) : htmlDocument(markdown);
}

/**
 * A fragment read without HTML (see `markdownBlocks`): what `htmlDocument` gives for it, since a fragment has no
 * `<head>`, metadata, images or scripts of its own.
 */
function fragmentDocument(
  fields: DocumentFields,
  blocks: Pick<SeoDocument, "headings" | "paragraphs" | "links">,
): SeoDocument {
  return {
    title: (fields.title ?? "").replace(/\s+/g, " ").trim(),
    metaDescription: (fields.metaDescription ?? "").replace(/\s+/g, " ").trim(),
    slug: fields.slug ?? slugFromCanonical(fields.url || ""),
    language: undefined,
    canonicalUrl: fields.url || undefined,
    ...blocks,
    images: [],
    jsonLd: [],
    isFullPage: false,
  };
}

function htmlDocument(fields: DocumentFields): SeoDocument {
  const html = fields.format === "markdown" ? markdownToHtml(fields.content) : fields.content;
  // A page that only looks whole (a bare `<!doctype `) parses to no document element at all: read it as a fragment.
  const whole = startsAsPage(html) ? parseHTML(html).document : undefined;
  const isFullPage = Boolean(whole?.documentElement);
  const document =
    whole && isFullPage ? whole : parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;
  const root = document.body ?? document.documentElement;
  const blocks = root ? readBlocks(root) : { headings: [], paragraphs: [] };
  const attr = (selector: string, name: string) => document.querySelector(selector)?.getAttribute(name)?.trim() ?? "";

  return {
    title: (fields.title ?? document.querySelector("title")?.textContent ?? "").replace(/\s+/g, " ").trim(),
    metaDescription: (fields.metaDescription ?? attr('meta[name="description" i]', "content"))
      .replace(/\s+/g, " ")
      .trim(),
    slug: fields.slug ?? slugFromCanonical(fields.url || attr('link[rel="canonical" i]', "href")),
    language: attr("html", "lang") || undefined,
    canonicalUrl: fields.url || attr('link[rel="canonical" i]', "href") || undefined,
    ...blocks,
    links: root
      ? [...root.querySelectorAll("a[href]")].map((a) => ({
          href: a.getAttribute("href")?.trim() ?? "",
          text: text(a.textContent),
        }))
      : [],
    images: root
      ? [...root.querySelectorAll("img")].map((img) => ({
          src: img.getAttribute("src") ?? "",
          alt: text(img.getAttribute("alt") ?? ""),
        }))
      : [],
    jsonLd: [...document.querySelectorAll('script[type="application/ld+json" i]')].map((s) => s.textContent ?? ""),
    isFullPage,
  };
}

/**
 * Markdown to HTML for analysis only (never served). Pathological nesting can exhaust the parser's stack;
 * then the text is analysed as plain paragraphs rather than failing.
 */
function markdownToHtml(markdown: string): string {
  try {
    return String(marked.parse(markdown, { async: false, gfm: true }));
  } catch {
    return markdown
      .split(/\n\s*\n/)
      .map((block) => `<p>${block.replace(/[<&>]/g, " ")}</p>`)
      .join("");
  }
}

/** An iterative walk (deeply nested markup must not overflow the stack) that cuts text at block edges. */
function readBlocks(root: DomNode): Pick<SeoDocument, "headings" | "paragraphs"> {
  const headings: SeoDocument["headings"] = [];
  const paragraphs: string[] = [];
  let buffer = "";
  const flush = () => {
    for (const part of buffer.split(DOUBLE_BREAK)) {
      // Citation markers ([1], [2, 3]) are references, not words: they count toward no length or density.
      const value = text(stripMarkers(part));
      if (value) paragraphs.push(value);
    }
    buffer = "";
  };
  const stack: (DomNode | "end")[] = [...Array.from(root.childNodes)].reverse();
  while (stack.length) {
    const node = stack.pop();
    if (node === "end") {
      flush();
      continue;
    }
    if (!node) continue;
    if (node.nodeType === 3) {
      buffer += node.textContent ?? "";
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node;
    const tag = (element.tagName ?? "").toUpperCase();
    if (SKIP.has(tag)) continue;
    if (tag === "BR") {
      buffer += LINE_BREAK;
      continue;
    }
    const heading = HEADING.exec(tag);
    if (heading) {
      flush();
      const value = text(element.textContent);
      if (value) headings.push({ level: Number(heading[1]), text: value });
      continue;
    }
    if (BLOCK.has(tag)) {
      flush();
      stack.push("end");
    }
    // The DOM builds its child list on each read, so it is read once per element.
    const children = element.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  flush();
  return { headings, paragraphs };
}

function text(value: string | null | undefined): string {
  return (value ?? "").replace(/\s+/g, " ").trim();
}

function slugFromCanonical(href: string): string {
  if (!href) return "";
  try {
    const segments = new URL(href, "https://example.invalid").pathname.split("/").filter(Boolean);
    return decodeURIComponent(segments.pop() ?? "").replace(/\.\w+$/, "");
  } catch {
    return "";
  }
}
