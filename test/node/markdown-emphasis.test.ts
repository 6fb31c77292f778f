import fc from "fast-check";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { markdownRenderer } from "../../src/core/render/markdown-html";
import { parseDocument } from "../../src/core/seo/document";
import { boundedEmphasis, MAX_EMPHASIS_DELIMITERS } from "../../src/core/text/markdown";

const hostile = "*a_".repeat(400);

describe("emphasis delimiters the Markdown parser is given", () => {
  it("leaves Markdown with up to the bound of them as it is, the same string", () => {
    const prose = `Some **bold** and _soft_ words.\n\n${"**w** ".repeat(MAX_EMPHASIS_DELIMITERS / 4)}`;
    expect(boundedEmphasis(prose)).toBe(prose);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (markdown) => {
        expect(boundedEmphasis(markdown)).toBe(markdown);
      }),
    );
  });

  it("escapes them in a paragraph past the bound only, and never inside fenced code", () => {
    const code = "```python\ndef __init__(self): return self._a_b_c\n```";
    const markdown = [`Intro with *one* emphasis.`, hostile, code, "Outro _two_."].join("\n\n");
    expect(boundedEmphasis(markdown).split("\n\n")).toEqual([
      "Intro with *one* emphasis.",
      "\\*a\\_".repeat(400),
      code,
      "Outro _two_.",
    ]);
    // A long list keeps its bullets: only the delimiters in its items are escaped.
    const list = Array.from({ length: 300 }, (_, i) => `* item _${i}_`).join("\n");
    expect(boundedEmphasis(list).split("\n")[0]).toBe("* item \\_0\\_");
    // An already escaped delimiter is not escaped twice.
    expect(boundedEmphasis(`${"\\*".repeat(300)}${"*a".repeat(300)}`)).toBe(
      `${"\\*".repeat(300)}${"\\*a".repeat(300)}`,
    );
  });

  it("keeps the paragraph's words: the parser reads its text with the delimiters as characters", () => {
    const tokens = marked.lexer(boundedEmphasis(hostile));
    expect(tokens[0]?.type).toBe("paragraph");
    expect((tokens[0] as { text: string }).text.replaceAll("\\", "")).toBe(hostile);
    // The SEO reading and the article renderer both take the bounded Markdown.
    expect(
      parseDocument({ content: `Raised beds warm up early.\n\n${hostile}`, format: "markdown" }).paragraphs[0],
    ).toBe("Raised beds warm up early.");
    expect(markdownRenderer(new Set()).block(hostile)).toBe(`<p>${hostile}</p>\n`);
  });

  it("counts strikethrough's tildes too, so a paragraph of them reads as its words, struck through nowhere", () => {
    // The parser looks for a closing `~` from every opening one to the paragraph's end.
    const tildes = "a~b ".repeat(400);
    expect(boundedEmphasis(tildes)).toBe("a\\~b ".repeat(400));
    expect(markdownRenderer(new Set()).block(tildes)).toBe(`<p>${tildes}</p>\n`);
    // Under the bound, strikethrough and an approximate "~5 minutes" stay as they were written.
    const prose = "Bake ~25 minutes; ~~old~~ new.";
    expect(boundedEmphasis(prose)).toBe(prose);
    expect(markdownRenderer(new Set()).block(prose)).toContain("<del>old</del>");
    // A fence of tildes is code, not a delimiter run.
    const fenced = `~~~\n${"a~b ".repeat(400)}\n~~~`;
    expect(boundedEmphasis(fenced)).toBe(fenced);
  });
});
