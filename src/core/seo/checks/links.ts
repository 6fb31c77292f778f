import type { SeoDocument } from "../document";
import { type CheckResult, result, type SeoContext } from "./result";

type LinkKind = "internal" | "outbound" | "other";

/** Relative links and links to the page's own host are internal; other http(s) hosts are outbound. */
export function classifyLink(href: string, doc: SeoDocument): LinkKind {
  if (!href || href.startsWith("#") || /^(?:mailto|tel|javascript|data):/i.test(href)) return "other";
  if (!/^(?:https?:)?\/\//i.test(href)) return "internal";
  try {
    const host = new URL(href, "https://example.invalid").hostname.replace(/^www\./, "");
    const own = doc.canonicalUrl
      ? new URL(doc.canonicalUrl, "https://example.invalid").hostname.replace(/^www\./, "")
      : "";
    return own && host === own ? "internal" : "outbound";
  } catch {
    return "other";
  }
}

const count = (doc: SeoDocument, kind: LinkKind) => doc.links.filter((l) => classifyLink(l.href, doc) === kind).length;

export function outboundLinks({ doc }: SeoContext): CheckResult {
  const id = "outboundLinks";
  const n = count(doc, "outbound");
  if (n) return result(id, "good", n, `The page links to ${n} outside source${n === 1 ? "" : "s"}.`);
  return result(id, "improve", 0, "Link to at least one relevant, trustworthy outside source.", 50);
}

export function internalLinks({ doc }: SeoContext): CheckResult {
  const id = "internalLinks";
  const n = count(doc, "internal");
  if (n) return result(id, "good", n, `The page has ${n} internal link${n === 1 ? "" : "s"}.`);
  return result(id, "improve", 0, "Link to at least one related page of the same site.", 50);
}

/** Applies only when the page has images: each needs alt text that describes it. */
export function imageAltText({ doc }: SeoContext): CheckResult | null {
  const id = "imageAltText";
  if (!doc.images.length) return null;
  const missing = doc.images.filter((img) => !img.alt).length;
  const value = { images: doc.images.length, missing };
  if (!missing) return result(id, "good", value, "Every image has alt text.");
  return result(
    id,
    missing === doc.images.length ? "problem" : "improve",
    value,
    `${missing} of ${doc.images.length} images have no alt text; describe each image in its alt attribute.`,
    100 - (missing / doc.images.length) * 80,
  );
}
