import { attr, type DomDocument, type DomElement, normalizeSpace } from "./dom";
import { firstMeta } from "./meta-tags";
import { publishedAt } from "./published-at";
import { resolveHttpUrl } from "./urls";

export interface PageMetadata {
  title: string;
  metaDescription?: string;
  canonicalUrl?: string;
  language?: string;
  publishedAt?: string;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/** Reads what the page says about itself; must run before anything mutates the document. */
export function readMetadata(doc: DomDocument, url: string): PageMetadata {
  return {
    title: readTitle(doc),
    metaDescription: firstMeta(doc, ["description", "og:description", "twitter:description"]),
    canonicalUrl: readCanonical(doc, url),
    language: readLanguage(doc),
    publishedAt: publishedAt(doc),
  };
}

function readTitle(doc: DomDocument): string {
  const titleElement = doc.querySelector("title");
  const fromTitle = normalizeSpace(titleElement?.textContent ?? "");
  if (fromTitle) return fromTitle;
  const fromMeta = firstMeta(doc, ["og:title", "twitter:title"]);
  if (fromMeta) return fromMeta;
  return normalizeSpace(doc.querySelector("h1")?.textContent ?? "");
}

function readCanonical(doc: DomDocument, url: string): string | undefined {
  for (const link of Array.from(doc.querySelectorAll("link[rel]"))) {
    const rel = attr(link, "rel").toLowerCase().split(/\s+/);
    if (!rel.includes("canonical")) continue;
    const resolved = resolveHttpUrl(attr(link, "href"), url);
    if (resolved) return resolved;
  }
  const ogUrl = firstMeta(doc, ["og:url"]);
  return ogUrl ? resolveHttpUrl(ogUrl, url) : undefined;
}

function readLanguage(doc: DomDocument): string | undefined {
  const httpEquiv = Array.from(doc.querySelectorAll("meta[http-equiv]")).find(
    (meta: DomElement) => attr(meta, "http-equiv").toLowerCase() === "content-language",
  );
  const candidates = [
    attr(doc.documentElement, "lang"),
    attr(doc.documentElement, "xml:lang"),
    attr(httpEquiv ?? null, "content").split(",")[0] ?? "",
    firstMeta(doc, ["language", "og:locale", "dc.language"]) ?? "",
  ];
  for (const candidate of candidates) {
    const tag = candidate.trim().replace(/_/g, "-");
    if (LANGUAGE_TAG.test(tag)) return tag;
  }
  return undefined;
}
