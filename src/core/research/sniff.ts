/**
 * What a body sent without a usable content type is, as the MIME Sniffing standard reads it (the fetcher's
 * counterpart of `charset.ts`, which reads the body's encoding).
 */

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
