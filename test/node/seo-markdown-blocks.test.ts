import fc from "fast-check";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/seo/document";
import { markdownBlocks } from "../../src/core/seo/markdown-blocks";

const fields = { title: "A  title", metaDescription: " A description ", slug: "a-slug" };

/** The document of Markdown as the HTML path reads it: `marked`'s HTML, parsed and walked. */
const viaHtml = (markdown: string) =>
  parseDocument({ ...fields, content: String(marked.parse(markdown, { async: false, gfm: true })), format: "html" });
const viaMarkdown = (markdown: string) => parseDocument({ ...fields, content: markdown, format: "markdown" });

const ARTICLE = [
  "# Raised beds: a guide",
  "Raised beds warm up sooner in spring [[1]](https://example.org/one). *Compost* keeps the soil **loose** [[2]](https://example.org/two?a=b%20c).",
  "## Soil and `compost`",
  'A mix of topsoil and compost works \\*well\\* ([source](https://example.org/three "Title")); see https://example.org/four or www.example.org.\nA second line < a third.',
  "### What does it cost?",
  "About $40 a bed, ~~more~~ less with reclaimed wood [[1]](https://example.org/one).",
].join("\n\n");

describe("SEO document of Markdown read from its tokens", () => {
  it("reads an article's headings, paragraphs and links as the HTML path does", () => {
    expect(markdownBlocks(ARTICLE)).toBeDefined();
    const quick = viaMarkdown(ARTICLE);
    expect(quick).toEqual(viaHtml(ARTICLE));
    expect(quick.headings.map((h) => h.level)).toEqual([1, 2, 3]);
    expect(quick.links.map((l) => l.href)).toContain("https://example.org/two?a=b%20c");
  });

  it("leaves to the HTML path what is more than prose: lists, quotes, code, images, breaks, raw HTML, references", () => {
    for (const markdown of [
      "- one\n- two",
      "> quoted",
      "    code",
      "![alt](x.png)",
      "a  \nb",
      "<b>bold</b>",
      "R&amp;D",
    ])
      expect(markdownBlocks(markdown), markdown).toBeUndefined();
  });

  it("reads deeply nested or long runs of Markdown syntax without throwing", () => {
    const deep = [
      `${"**".repeat(3000)}x${"**".repeat(3000)}`,
      `${"[".repeat(20_000)}x${"](u)".repeat(20_000)}`,
      "*_".repeat(20_000),
      `${"~~".repeat(5000)}x`,
    ];
    for (const markdown of deep) expect(() => viaMarkdown(markdown)).not.toThrow();
  });

  it("gives the same document as the HTML path for any Markdown it reads", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "# ",
        "## ",
        "### ",
        "\n",
        "\n\n",
        " ",
        "  ",
        "*",
        "**",
        "_",
        "`",
        "~~",
        "\\",
        "[",
        "]",
        "(",
        ")",
      ),
      fc.constantFrom(
        "[[1]](https://example.org/a)",
        "[text](https://example.org/b c)",
        "https://example.org/x",
        "<",
        ">",
      ),
      fc.constantFrom("www.example.org", "mail@example.org", '"', "'", "\t", "\u00a0", "%25", "%", "é", "Ω", "日本"),
      fc.string({ maxLength: 8 }),
      fc.lorem({ maxCount: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const markdown = pieces.join("");
        if (!markdownBlocks(markdown)) return;
        expect(viaMarkdown(markdown)).toEqual(viaHtml(markdown));
      }),
      { numRuns: 3000 },
    );
  });
});
