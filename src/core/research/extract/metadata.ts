import { attr, type DomDocument, type DomElement, elementsByTag, normalizeSpace } from "./dom";
import { firstMeta, type MetaTags, readMetaTags } from "./meta-tags";
import { publishedAt } from "./published-at";
import { resolveHttpUrl } from "./urls";

export interface PageMetadata {
  title: string;
  metaDescription?: string;
  canonicalUrl?: string;
  language?: string;
  publishedAt?: string;
  /** The publication's own name (`og:site_name`, `application-name`), for naming the source in prose. */
  siteName?: string;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/** What the page says about itself, and how it is laid out. */
export interface PageHead {
  metadata: PageMetadata;
  /**
   * Whether the page is laid out as newer templates are: it declares a layout for small screens (`<meta
   * name="viewport">`) or sets parts of the page apart with HTML5's `<header>` or `<article>` elements. Such
   * templates set the headline, byline and date in a page header apart from the article's body; older layouts
   * set them as the article's first lines (see `headlineAbove`).
   */
  modernLayout: boolean;
}

/** Reads what the page says about itself; must run before anything mutates the document. */
export function readPageHead(doc: DomDocument, url: string): PageHead {
  const elements = elementsByTag(doc, METADATA_TAGS);
  const of = (tag: (typeof METADATA_TAGS)[number]) => elements.get(tag) ?? [];
  const tags = readMetaTags(of("meta"));
  return {
    metadata: readMetadata(doc, url, of, tags),
    modernLayout: tags.has("viewport") || of("header").length > 0 || of("article").length > 0,
  };
}

function readMetadata(
  doc: DomDocument,
  url: string,
  of: (tag: (typeof METADATA_TAGS)[number]) => DomElement[],
  tags: MetaTags,
): PageMetadata {
  return {
    title: readTitle(of("title")[0], of("h1")[0], tags),
    metaDescription: firstMeta(tags, ["description", "og:description", "twitter:description"]),
    canonicalUrl: readCanonical(of("link"), tags, url),
    language: readLanguage(doc, tags),
    publishedAt: publishedAt({ scripts: of("script"), times: of("time") }, tags),
    siteName: firstMeta(tags, ["og:site_name", "application-name"])?.slice(0, 200),
  };
}

const METADATA_TAGS = ["meta", "title", "h1", "link", "script", "time", "header", "article"] as const;

function readTitle(titleElement: DomElement | undefined, h1: DomElement | undefined, tags: MetaTags): string {
  const fromTitle = normalizeSpace(titleElement?.textContent ?? "");
  if (fromTitle) return fromTitle;
  const fromMeta = firstMeta(tags, ["og:title", "twitter:title"]);
  if (fromMeta) return fromMeta;
  return normalizeSpace(h1?.textContent ?? "");
}

function readCanonical(links: readonly DomElement[], tags: MetaTags, url: string): string | undefined {
  for (const link of links) {
    const rel = attr(link, "rel").toLowerCase().split(/\s+/);
    if (!rel.includes("canonical")) continue;
    const resolved = resolveHttpUrl(attr(link, "href"), url);
    if (resolved) return resolved;
  }
  const ogUrl = firstMeta(tags, ["og:url"]);
  return ogUrl ? resolveHttpUrl(ogUrl, url) : undefined;
}

function readLanguage(doc: DomDocument, tags: MetaTags): string | undefined {
  const candidates = [
    attr(doc.documentElement, "lang"),
    attr(doc.documentElement, "xml:lang"),
    tags.get("http-equiv:content-language")?.split(",")[0] ?? "",
    firstMeta(tags, ["language", "og:locale", "dc.language"]) ?? "",
  ];
  for (const candidate of candidates) {
    const tag = candidate.trim().replace(/_/g, "-");
    if (LANGUAGE_TAG.test(tag)) return tag;
  }
  return undefined;
}
