import { MARKDOWN_LINK } from "../text/markdown";

/** Escaping for every context text from a source or a model lands in. */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text content and attribute values alike (attributes are always double-quoted here). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * A link target we are willing to emit: http(s), mailto, or an in-page fragment; anything else is dropped. The
 * scheme is judged with every control character and space taken out, as some readers ignore them inside a scheme
 * ("java\tscript:"); the target emitted is the address as a browser reads it (outer white space and control
 * characters trimmed, tabs and line breaks dropped), so a space inside its path stays there, percent-encoded.
 */
export function safeHref(href: string | undefined | null): string | undefined {
  if (!href) return undefined;
  const compact = [...href]
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code > 0x20 && (code < 0x7f || code > 0x9f);
    })
    .join("");
  if (compact.startsWith("#")) return /^#[\w.:-]*$/.test(compact) ? compact : undefined;
  const allowed = (url: URL) => ["http:", "https:", "mailto:"].includes(url.protocol);
  try {
    if (!allowed(new URL(compact))) return undefined;
    // The URL parser trims outer control characters and spaces and drops tabs and line breaks, as browsers do.
    const url = new URL(href);
    return allowed(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** JSON for a `<script type="application/ld+json">` block: nothing in it can close the script or open a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Markdown reduced to readable plain text (for meta tags and JSON-LD): syntax and citation markers go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[(\d{1,3})\]/g, "")
    .replace(MARKDOWN_LINK, "$1")
    .replace(/\\([\\`*_[\]{}<>#|~])/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, "")
    .replace(/(\*\*|__|\*|_|`|~~)/g, "")
    .replace(/\s+/g, " ")
    .replace(/(?<!\s)\s+([,.;:!?])/g, "$1")
    .trim();
}
