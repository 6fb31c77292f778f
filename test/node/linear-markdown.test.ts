import { describe, expect, it } from "vitest";
import { citationValidity } from "../../src/core/quality/citations";
import { plainText as escapePlain } from "../../src/core/render/escape";
import { escapeDefinitions, safeLinkTargets } from "../../src/core/render/markdown";
import { markdownRenderer } from "../../src/core/render/markdown-html";
import { plainText } from "../../src/core/text/markdown";
import { article, source } from "../quality-fixtures";

describe("link targets in Markdown output", () => {
  it("drop every target a downstream renderer could run, however its parentheses and brackets nest", () => {
    for (const [markdown, expected] of [
      ["[x](javascript:alert(1))", "[x]()"],
      ["[x](javascript:alert((1)))", "[x]()"],
      ["[x](javascript:alert[1])", "[x]()"],
      ['[x](vbscript:msgbox "t")', "[x]()"],
      ["[y](<javascript:x>)", "[y]()"],
      [
        "[ok](https://en.wikipedia.org/wiki/Bed_(gardening)) stays",
        "[ok](https://en.wikipedia.org/wiki/Bed_(gardening)) stays",
      ],
      ['[t](https://a.example "Title")', '[t](https://a.example "Title")'],
    ]) {
      expect(safeLinkTargets(markdown as string)).toBe(expected);
    }
  });

  it("escape a `](` that opens no target that closes, so nothing reads a link there, and keep the text", () => {
    expect(safeLinkTargets("a ](b c")).toBe("a ]\\(b c");
    const run = "](".repeat(50_000);
    expect(safeLinkTargets(run)).toBe("]\\(".repeat(50_000));
    // A target longer than any address is read no further: taken for unsafe, its `](` escaped.
    expect(safeLinkTargets(`[x](javascript:${"a".repeat(5000)})`)).toBe(`[x]\\(javascript:${"a".repeat(5000)})`);
  });
});

describe("link reference definitions in Markdown output", () => {
  it("escape a line that would define a label, in quotes, lists and over lines, and leave links and citations", () => {
    expect(escapeDefinitions("[1]: javascript:x")).toBe("\\[1]: javascript:x");
    expect(escapeDefinitions("> - [a\\]b]: https://e.example")).toBe("> - \\[a\\]b]: https://e.example");
    expect(escapeDefinitions("[two\nlines]: https://e.example")).toBe("\\[two\nlines]: https://e.example");
    for (const kept of [
      "[a link](https://a.example): the text",
      "Cited [1]: not at a line's start",
      "[a\n\nb]: a blank line ends a label",
      `[${"a".repeat(1000)}]: longer than a label`,
      "\\[1]: already escaped",
    ]) {
      expect(escapeDefinitions(kept)).toBe(kept);
    }
  });

  it("read runs of brackets in one pass", () => {
    expect(escapeDefinitions("[\n".repeat(50_000))).toBe("[\n".repeat(50_000));
    expect(escapeDefinitions("[a]: b\n".repeat(50_000))).toBe("\\[a]: b\n".repeat(50_000));
    const unclosed = `${"[".repeat(50_000)}]: a label holds no bracket`;
    expect(escapeDefinitions(unclosed)).toBe(unclosed);
  });
});

describe("citations in rendered HTML", () => {
  it("link every known marker in a long paragraph of unclosed brackets, and only those", () => {
    const { block } = markdownRenderer(new Set([1, 12]));
    const html = block(`${"[a ".repeat(20_000)}[12] and [1][9] end`);
    expect(html.match(/class="citation"/g)).toHaveLength(2);
    expect(html).toContain('href="#source-12"');
    expect(html).toContain("[9] end");
  });
});

describe("Markdown read as plain text", () => {
  it("keeps a link's or an image's text, and leaves runs of unclosed brackets as the characters they are", () => {
    for (const read of [plainText, escapePlain]) {
      expect(read('See [the guide](https://a.example/g_(1) "T") and ![a bed](bed.png).')).toBe(
        "See the guide and a bed.",
      );
    }
    const brackets = "![a".repeat(30_000);
    expect(plainText(brackets)).toBe(brackets.replaceAll("_", ""));
    expect(escapePlain("[a](".repeat(10_000))).toBe("[a](".repeat(10_000).trim());
  });
});

describe("quoted text in a citation check", () => {
  it("does not let a run of unclosed opening marks hide a sentence that speaks of its own page", () => {
    const sources = [source(1, "Raised beds drain well. This article explains soil.")];
    const intro = `${"“".repeat(20_000)} This article explains how raised beds drain [1]. A gardener says “beds drain”.`;
    const checked = citationValidity(article({ intro }), sources);
    expect(checked.findings.some((f) => /its own page/.test(f.message))).toBe(true);
  });
});
