import { attr, type DomDocument, normalizeSpace } from "./dom";
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

/** Reads what the page says about itself; must run before anything mutates the document. */
export function readMetadata(doc: DomDocument, url: string): PageMetadata {
  const tags = readMetaTags(doc);
  return {
    title: readTitle(doc, tags),
    metaDescription: firstMeta(tags, ["description", "og:description", "twitter:description"]),
    canonicalUrl: readCanonical(doc, tags, url),
    language: readLanguage(doc, tags),
    publishedAt: publishedAt(doc, tags),
    siteName: firstMeta(tags, ["og:site_name", "application-name"])?.slice(0, 200),
  };
}

function readTitle(doc: DomDocument, tags: MetaTags): string {
  const titleElement = doc.getElementsByTagName("title")[0];
  const fromTitle = normalizeSpace(titleElement?.textContent ?? "");
  if (fromTitle) return fromTitle;
  const fromMeta = firstMeta(tags, ["og:title", "twitter:title"]);
  if (fromMeta) return fromMeta;
  return normalizeSpace(doc.getElementsByTagName("h1")[0]?.textContent ?? "");
}

function readCanonical(doc: DomDocument, tags: MetaTags, url: string): string | undefined {
  for (const link of Array.from(doc.getElementsByTagName("link"))) {
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
