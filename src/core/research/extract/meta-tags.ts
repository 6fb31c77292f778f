import { attr, type DomElement, normalizeSpace } from "./dom";

/** `<meta name|property|itemprop=key content=...>` pairs, lower-cased keys, first non-empty content per key. */
export type MetaTags = Map<string, string>;

export function readMetaTags(metas: readonly DomElement[]): MetaTags {
  const tags: MetaTags = new Map();
  for (const meta of metas) {
    const key = (attr(meta, "property") || attr(meta, "name") || attr(meta, "itemprop")).toLowerCase();
    const content = normalizeSpace(attr(meta, "content"));
    if (key && content && !tags.has(key)) tags.set(key, content);
    if (attr(meta, "http-equiv").toLowerCase() === "content-language" && content) {
      tags.set("http-equiv:content-language", content);
    }
  }
  return tags;
}

/** First value among `keys`, in the order of `keys`. */
export function firstMeta(tags: MetaTags, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = tags.get(key);
    if (value) return value;
  }
  return undefined;
}
