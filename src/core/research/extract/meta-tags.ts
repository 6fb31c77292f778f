import { attr, type DomDocument, normalizeSpace } from "./dom";

/** First non-empty `<meta name|property=...>` content among `keys`, in the order of `keys`. */
export function firstMeta(doc: DomDocument, keys: string[]): string | undefined {
  const byKey = new Map<string, string>();
  for (const meta of Array.from(doc.querySelectorAll("meta"))) {
    const key = (attr(meta, "property") || attr(meta, "name") || attr(meta, "itemprop")).toLowerCase();
    const content = normalizeSpace(attr(meta, "content"));
    if (key && content && !byKey.has(key)) byKey.set(key, content);
  }
  for (const key of keys) {
    const value = byKey.get(key.toLowerCase());
    if (value) return value;
  }
  return undefined;
}
