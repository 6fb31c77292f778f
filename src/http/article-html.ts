import type { Context } from "hono";

/**
 * An article page has no scripts, styles, frames or forms of its own (JSON-LD is data, not code): the policy
 * allows images and nothing else, so markup that slipped through from a source or a model cannot run, load
 * or be framed, and the type is never sniffed into something else.
 */
export const ARTICLE_CSP =
  "default-src 'none'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

export function articleHtml(c: Context, html: string): Response {
  return c.html(html, 200, {
    "Content-Security-Policy": ARTICLE_CSP,
    "X-Content-Type-Options": "nosniff",
  });
}
