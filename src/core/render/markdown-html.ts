import { Marked, type Tokens } from "marked";
import { parserReady } from "../text/markdown";
import { escapeHtml, safeHref } from "./escape";

/**
 * Markdown bodies to HTML with no way for the text to become markup: raw HTML is shown as text, links keep
 * only safe targets, images become their alt text, and `[n]` markers link to the sources list.
 */
export function markdownRenderer(sourceIds: Set<number>) {
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    extensions: [
      {
        name: "citation",
        level: "inline",
        tokenizer(src: string) {
          const match = /^\[(\d+)\]/.exec(src);
          if (!match || !sourceIds.has(Number(match[1]))) return undefined;
          return { type: "citation", raw: match[0], id: Number(match[1]) };
        },
        renderer: (token: Tokens.Generic) =>
          `<a class="citation" href="#source-${Number(token.id)}" aria-label="Source ${Number(token.id)}">[${Number(token.id)}]</a>`,
      },
    ],
    renderer: {
      html: ({ text }) => escapeHtml(text),
      image: ({ text }) => escapeHtml(text),
      link({ href, title, tokens }) {
        const inner = this.parser.parseInline(tokens);
        const target = safeHref(href);
        if (!target) return inner;
        const external = !target.startsWith("#");
        const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
        return `<a href="${escapeHtml(target)}"${titleAttr}${external ? ' rel="nofollow noopener"' : ""}>${inner}</a>`;
      },
      heading({ tokens, depth }) {
        // The article owns h1 and h2; headings inside a body sit below them.
        const level = Math.min(6, Math.max(3, depth));
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
    },
  });
  return {
    block: (markdown: string) => marked.parse(parserReady(markdown), { async: false }),
    inline: (markdown: string) => marked.parseInline(parserReady(markdown), { async: false }),
  };
}
