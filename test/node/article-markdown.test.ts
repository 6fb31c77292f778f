import { describe, expect, it } from "vitest";
import { type Article, ArticleSchema } from "../../src/core/article/model";
import { articleAsMarkdown } from "../../src/core/assess/article-markdown";
import { analyzeSeo } from "../../src/core/seo/index";
import { outsideCode } from "../../src/core/text/markdown";

function article(intro: string, body: string): Article {
  return ArticleSchema.parse({
    kind: "llm",
    title: "Arrays",
    metaDescription: "Arrays in practice.",
    slug: "arrays",
    focusKeyphrase: "arrays",
    language: "en",
    intro,
    sections: [{ heading: "Indexing", level: 2, body }],
    toc: [{ heading: "Indexing", anchor: "indexing", level: 2 }],
    faq: [],
    citations: [{ marker: 1, sourceId: 1, location: "intro" }],
    sources: [
      { id: 1, url: "https://example.org/one", title: "One" },
      { id: 2, url: "https://example.net/two", title: "Two" },
    ],
    wordCount: 120,
    readingTimeMinutes: 1,
  });
}

describe("the article as Markdown for the SEO analyser", () => {
  it("links citation markers in prose and leaves them literal in code spans and fenced code, adding no words there", () => {
    const markdown = articleAsMarkdown(
      article(
        "Read `x[1]` as the second item [1].",
        "Index from zero [2]:\n\n```js\nconst first = x[1];\nconst pair = [y[2], z[1]];\n```\n\nThen ``a[2]`` again.",
      ),
    );
    expect(markdown).toContain("Read `x[1]` as the second item [[1]](https://example.org/one).");
    expect(markdown).toContain("Index from zero [[2]](https://example.net/two):");
    expect(markdown).toContain("```js\nconst first = x[1];\nconst pair = [y[2], z[1]];\n```");
    expect(markdown).toContain("Then ``a[2]`` again.");
    const seo = analyzeSeo({ content: markdown, format: "markdown", keyphrase: "arrays" });
    expect(seo.checks.find((c) => c.id === "outboundLinks")?.value).toBe(2);
    // The listing's words are its own: no source address was written into it to be counted as text.
    expect(seo.checks.find((c) => c.id === "textLength")?.value).toMatchObject({ words: 19 });
  });
});

describe("outsideCode", () => {
  const upper = (markdown: string) => outsideCode(markdown, (prose) => prose.toUpperCase());

  it("changes prose only: code spans of any tick count, fences of ticks or tildes up to their closing fence", () => {
    expect(upper("a `b` c ``d ` e`` f")).toBe("A `b` C ``d ` e`` F");
    expect(upper("a\n~~~\nb\n```\nc\n~~~~\nd")).toBe("A\n~~~\nb\n```\nc\n~~~~\nD");
    expect(upper("a\n  ```\nb")).toBe("A\n  ```\nb");
  });

  it("reads an unmatched or escaped tick as text, and a span never runs past its paragraph", () => {
    expect(upper("a ` b")).toBe("A ` B");
    expect(upper("a \\`b` c")).toBe("A \\`B` C");
    expect(upper("a `b\n\nc` d")).toBe("A `B\n\nC` D");
    expect(upper("a `b\nc` d")).toBe("A `b\nc` D");
  });

  it("reads a paragraph of two thousand tick runs, none matched, as prose", () => {
    const runs = Array.from({ length: 2_000 }, (_, i) => "`".repeat(i + 1)).join("a");
    expect(upper(runs)).toBe(runs.replaceAll("a", "A"));
  });
});
