/**
 * What a body sent without a usable content type is, as the MIME Sniffing standard reads it (the fetcher's
 * counterpart of `charset.ts`, which reads the body's encoding).
 */

/** A media type's essence, `type/subtype`, as the MIME Sniffing standard's token rules allow one. */
const ESSENCE = /^[a-z0-9!#$%&'*+.^_`|~-]+\/[a-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * The media type a `Content-Type` declares (lower-case, no parameters), read as the Fetch standard's "extract a MIME
 * type" reads it: the last of its comma-separated values that is a type/subtype other than the wildcard, so a header a
 * server or proxy sent twice (joined as "text/html, text/html;charset=utf-8") is HTML; "" when none is one.
 */
export function declaredMediaType(contentType: string): string {
  let essence = "";
  for (const value of contentType.split(",")) {
    const candidate = value.split(";")[0]?.trim().toLowerCase() ?? "";
    if (ESSENCE.test(candidate) && candidate !== "*/*") essence = candidate;
  }
  return essence;
}

/** Types that say nothing of what the body is: the body is sniffed, as a browser does (see `looksLikeHtml`). */
export const UNDECLARED_TYPES = new Set(["", "unknown/unknown", "application/unknown", "*/*"]);
/** The tags the MIME Sniffing standard's HTML pattern starts with, each ended by a space or `>`. */
const HTML_STARTS = [
  "<!doctype html",
  "<html",
  "<head",
  "<script",
  "<iframe",
  "<h1",
  "<div",
  "<font",
  "<table",
  "<a",
  "<style",
  "<title",
  "<b",
  "<body",
  "<br",
  "<p",
];

/**
 * Whether a body sent without a content type is HTML, as the MIME Sniffing standard decides it: after leading
 * white space (and a UTF-8 byte order mark), one of its HTML tags followed by a space or `>`, or a comment.
 */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).replace(/^\u00ef\u00bb\u00bf/, "");
  const text = head.replace(/^[\t\n\f\r ]+/, "").toLowerCase();
  if (text.startsWith("<!--")) return true;
  return HTML_STARTS.some((tag) => text.startsWith(tag) && /^[ >\t\n\f\r]/.test(text.slice(tag.length)));
}
