import fc from "fast-check";
import { parseHTML } from "linkedom";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type Article, ArticleSchema } from "../../src/core/article/model";
import { renderHtml, renderJson, renderMarkdown } from "../../src/core/render";
import { jsonForScript, safeHref } from "../../src/core/render/escape";

const HOSTILE = `<script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) [ok](https://safe.example/a)`;

function article(overrides: Partial<Article> = {}): Article {
  return ArticleSchema.parse({
    kind: "llm",
    title: "Compost </title><script>alert('t')</script>",
    metaDescription: 'Meta with "quotes" and <b>tags</b>',
    slug: "compost",
    focusKeyphrase: "compost",
    language: "en",
    intro: `Intro cites [1]. ${HOSTILE}`,
    sections: [
      { heading: "How <em>compost</em> works", level: 2, body: `Heat [2]. ${HOSTILE}\n\n<div onclick="x()">raw</div>` },
      { heading: "Details", level: 3, body: "A [9] marker with no source stays text." },
    ],
    toc: [
      { heading: "How <em>compost</em> works", anchor: "how-em-compost-em-works", level: 2 },
      { heading: "Details", anchor: "details", level: 3 },
    ],
    faq: [{ question: "Why </script>?", answer: `Because [1]. ${HOSTILE}` }],
    conclusion: { body: "Done [1].", callToAction: "[Go](javascript:alert(4)) now" },
    citations: [{ marker: 1, sourceId: 1, location: "intro" }],
    sources: [
      { id: 1, url: "https://example.org/one", title: "One <script>alert(5)</script>" },
      { id: 2, url: "javascript:alert(6)", title: "Two" },
    ],
    wordCount: 120,
    readingTimeMinutes: 1,
    ...overrides,
  });
}

describe("HTML renderer", () => {
  const html = renderHtml(article(), { canonicalUrl: "https://blog.example/compost" });
  const { document } = parseHTML(html);

  it("leaves no script, event handler or javascript: link from the content", () => {
    const scripts = [...document.querySelectorAll("script")];
    expect(scripts.every((s) => s.getAttribute("type") === "application/ld+json")).toBe(true);
    for (const el of document.querySelectorAll("*")) {
      for (const attr of el.attributes) expect(attr.name.startsWith("on")).toBe(false);
    }
    for (const a of document.querySelectorAll("a"))
      expect(a.getAttribute("href") ?? "").not.toMatch(/^\s*javascript:/i);
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("div")).toBeNull();
    // The hostile text is still there, as text.
    expect(document.querySelector(".intro")?.textContent).toContain("<script>alert(1)</script>");
  });

  it("keeps safe links and links citations to the sources list", () => {
    const links = [...document.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toContain("https://safe.example/a");
    expect(document.querySelector('a.citation[href="#source-1"]')).not.toBeNull();
    expect(document.querySelector("#source-1")?.textContent).toContain("One <script>");
    expect(document.querySelector("#source-2 a")).toBeNull();
    expect(html).toContain("A [9] marker");
  });

  it("has head metadata, a table of contents and semantic structure", () => {
    expect(document.querySelector("title")?.textContent).toBe("Compost </title><script>alert('t')</script>");
    expect(document.querySelector('meta[name="description"]')?.getAttribute("content")).toBe(
      'Meta with "quotes" and <b>tags</b>',
    );
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute("href")).toBe("https://blog.example/compost");
    expect(document.querySelector('meta[property="og:title"]')).not.toBeNull();
    expect(document.querySelector('meta[property="og:url"]')?.getAttribute("content")).toBe(
      "https://blog.example/compost",
    );
    expect([...document.querySelectorAll("nav.toc a")].map((a) => a.getAttribute("href"))).toEqual([
      "#how-em-compost-em-works",
      "#details",
    ]);
    expect(document.querySelector("section#how-em-compost-em-works > h2")).not.toBeNull();
    expect(document.querySelector("section#details > h3")).not.toBeNull();
    expect(document.querySelectorAll("h1")).toHaveLength(1);
    expect(document.querySelector("article > header > h1")).not.toBeNull();
    expect(document.querySelector("aside.sources ol")).not.toBeNull();
  });

  it("emits JSON-LD that parses, cannot close its script, and describes Article and FAQPage", () => {
    const blocks = [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent ?? "");
    expect(blocks).toHaveLength(2);
    for (const raw of blocks) expect(raw).not.toMatch(/<\/script|<!--/i);
    const [articleLd, faqLd] = blocks.map((b) => JSON.parse(b));
    expect(articleLd).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Article",
      headline: "Compost </title><script>alert('t')</script>",
      description: 'Meta with "quotes" and <b>tags</b>',
      mainEntityOfPage: "https://blog.example/compost",
    });
    expect(faqLd["@type"]).toBe("FAQPage");
    expect(faqLd.mainEntity[0]).toMatchObject({ "@type": "Question", name: "Why </script>?" });
    expect(faqLd.mainEntity[0].acceptedAnswer["@type"]).toBe("Answer");
  });

  it("adds author, publisher and date only when given", () => {
    const withMeta = renderHtml(article(), { author: "Ada", publisher: "Acme", datePublished: "2026-11-26" });
    const ld = JSON.parse(parseHTML(withMeta).document.querySelector("script")?.textContent ?? "{}");
    expect(ld.author).toEqual({ "@type": "Person", name: "Ada" });
    expect(ld.publisher).toEqual({ "@type": "Organization", name: "Acme" });
    expect(ld.datePublished).toBe("2026-11-26");
    expect(JSON.parse(document.querySelector("script")?.textContent ?? "{}").author).toBeUndefined();
  });

  it("omits the FAQPage block, TOC and conclusion when the article has none", () => {
    const bare = parseHTML(renderHtml(article({ faq: [], toc: undefined, conclusion: undefined }))).document;
    expect(bare.querySelectorAll('script[type="application/ld+json"]')).toHaveLength(1);
    expect(bare.querySelector("nav.toc")).toBeNull();
    expect(bare.querySelector("#conclusion")).toBeNull();
  });
});

describe("HTML renderer on arbitrary hostile text", () => {
  const fragment = fc.constantFrom(
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "<a href='javascript:alert(1)'>a</a>",
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example>",
    '"><script>x</script>',
    "</script><script>alert(1)</script>",
    "![i](https://x.example/a.png)",
    "<!-- c -->",
    "`code`",
    "**b**",
    "[1]",
    "\n\n",
  );
  const text = fc
    .array(fc.oneof(fragment, fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(" "));

  it("never yields a script, an event handler, an embed or a javascript: link", () => {
    fc.assert(
      fc.property(text, text, text, (title, body, answer) => {
        const html = renderHtml(
          article({
            title: title.trim().slice(0, 200) || "t",
            intro: body.trim() || "i",
            sections: [{ heading: title.trim().slice(0, 200) || "h", level: 2, body: body.trim() || "b" }],
            faq: [{ question: title.trim().slice(0, 300) || "q", answer: answer.trim() || "a" }],
          }),
        );
        const { document } = parseHTML(html);
        for (const script of document.querySelectorAll("script")) {
          expect(script.getAttribute("type")).toBe("application/ld+json");
          JSON.parse(script.textContent ?? "");
        }
        expect(document.querySelectorAll("img, svg, iframe, object, embed").length).toBe(0);
        for (const el of document.querySelectorAll("*")) {
          for (const attr of el.attributes) expect(attr.name.startsWith("on")).toBe(false);
        }
        for (const a of document.querySelectorAll("a[href]")) {
          expect(a.getAttribute("href")).toMatch(/^(https?:|mailto:|#)/);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe("escaping helpers", () => {
  it("allows only http(s), mailto and fragment links", () => {
    expect(safeHref("https://a.example/x")).toBe("https://a.example/x");
    expect(safeHref("mailto:a@b.example")).toBe("mailto:a@b.example");
    expect(safeHref("#source-1")).toBe("#source-1");
    for (const bad of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      " javascript:x",
      "data:text/html,x",
      "vbscript:x",
      "/relative",
      '#x" onclick="y',
    ])
      expect(safeHref(bad)).toBeUndefined();
  });

  it("keeps a link's address as a browser reads it: inner spaces encoded, outer white space and tabs dropped", () => {
    expect(safeHref("https://example.com/cold brew guide")).toBe("https://example.com/cold%20brew%20guide");
    expect(safeHref("  https://a.example/a\tb?q=x y \n")).toBe("https://a.example/ab?q=x%20y");
    expect(safeHref("ht tps://a.example/")).toBeUndefined();
  });

  it("keeps JSON for script blocks free of markup characters", () => {
    const out = jsonForScript({ a: "</script><!-- & \u2028" });
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual({ a: "</script><!-- & \u2028" });
  });
});

describe("Markdown renderer", () => {
  const md = renderMarkdown(article());

  it("starts with YAML front matter that reads back the article's values and carries no raw markup", () => {
    const front = md.split("\n---\n")[0] ?? "";
    expect(front.startsWith("---\n")).toBe(true);
    expect(front).not.toMatch(/[<>]/);
    const values = parseYaml(front.slice(4)) as { title: string; description: string; sources: object[] };
    expect(values.title).toBe("Compost </title><script>alert('t')</script>");
    expect(values.description).toBe('Meta with "quotes" and <b>tags</b>');
    expect(values.sources[0]).toEqual({
      id: 1,
      title: "One <script>alert(5)</script>",
      url: "https://example.org/one",
    });
  });

  it("escapes raw HTML and drops unsafe link targets in the body", () => {
    const bodyPart = md.split("\n---\n").slice(1).join("\n---\n");
    expect(bodyPart).not.toMatch(/(?<!\\)<script/);
    expect(bodyPart).not.toMatch(/(?<!\\)<img/);
    expect(bodyPart).not.toMatch(/\]\(javascript:/i);
    expect(bodyPart).toContain("[ok](https://safe.example/a)");
    expect(bodyPart).toMatch(/\n\[1\]: <https:\/\/example\.org\/one>/);
    expect(bodyPart).toContain("## Frequently asked questions");
    expect(bodyPart).toContain("### Details");
  });
});

describe("HTML renderer ids", () => {
  it("gives no section an id the page uses for its own parts, so every id is unique and citations land on sources", () => {
    const headings = ["Conclusion", "Sources", "Source 1", "FAQ", "Toc title", "Conclusion", "Conclusion 2"];
    const page = renderHtml(
      article({
        sections: headings.map((heading) => ({ heading, level: 2 as const, body: "Text [1]." })),
        toc: undefined,
        faq: [{ question: "Why?", answer: "Because [1]." }],
      }),
    );
    const { document } = parseHTML(page);
    const ids = [...document.querySelectorAll("[id]")].map((element) => element.getAttribute("id"));
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.getElementById("source-1")?.tagName).toBe("LI");
    expect(document.getElementById("conclusion")?.className).toBe("conclusion");
  });
});

describe("Markdown renderer on link reference definitions in the content", () => {
  it("keeps a definition in the text from setting where a citation or a label points", () => {
    const hostile = article({
      intro: "Click [here][x] or see [1].\n\n[x]: javascript:alert(1)\n[1]: javascript:alert(2)",
      sections: [
        {
          heading: "Quoted",
          level: 2,
          body: "> [2]: https://evil.example/quote\n\n- [1]: https://evil.example/list\n\n[two\nlines]: https://evil.example/long\n\nSee [two lines].",
        },
      ],
      toc: [],
      faq: [],
    });
    const html = marked.parse(renderMarkdown(hostile), { async: false });
    const { document } = parseHTML(`<html><body>${html}</body></html>`);
    const links = [...document.querySelectorAll("a")].map((a) => ({
      href: a.getAttribute("href") ?? "",
      text: a.textContent ?? "",
    }));
    expect(links.filter((link) => /javascript:/i.test(link.href))).toEqual([]);
    // A web address written out in the text still reads as a link to itself; no label or citation points there.
    expect(links.filter((link) => /evil\.example/.test(link.href) && link.text !== link.href)).toEqual([]);
    expect(new Set(links.filter((link) => link.text === "1").map((link) => link.href))).toEqual(
      new Set(["https://example.org/one"]),
    );
    expect(document.body.textContent).toContain("[x]: javascript:alert(1)");
  });
});

describe("JSON renderer", () => {
  it("is the article with its JSON-LD alongside", () => {
    const json = renderJson(article()) as Article & { jsonLd: { "@type": string }[] };
    expect(ArticleSchema.parse(json).title).toBe(article().title);
    expect(json.jsonLd.map((b) => b["@type"])).toEqual(["Article", "FAQPage"]);
  });
});

describe("the list of sources", () => {
  const dated = (language = "en") =>
    article({
      language,
      sources: [
        {
          id: 1,
          url: "https://example.org/one",
          title: "One",
          publishedAt: "2025-03-12",
          retrievedAt: "2026-12-03",
        },
        { id: 2, url: "https://example.org/two", title: "Two", retrievedAt: "2026-12-03" },
      ],
    });

  it("gives each source the day it was published, when it says, and the day it was read", () => {
    const md = renderMarkdown(dated());
    expect(md).toContain("1. One <https://example.org/one> — published 2025-03-12 · retrieved 2026-12-03");
    expect(md).toContain("2. Two <https://example.org/two> — retrieved 2026-12-03");
    const front = parseYaml(md.split("\n---\n")[0]?.slice(4) ?? "") as { sources: object[] };
    expect(front.sources[0]).toEqual({
      id: 1,
      title: "One",
      url: "https://example.org/one",
      published: "2025-03-12",
      retrieved: "2026-12-03",
    });
    const { document } = parseHTML(renderHtml(dated()));
    const first = document.querySelector("#source-1");
    expect(first?.textContent).toBe("One — published 2025-03-12 · retrieved 2026-12-03");
    expect([...(first?.querySelectorAll("time") ?? [])].map((t) => t.getAttribute("datetime"))).toEqual([
      "2025-03-12",
      "2026-12-03",
    ]);
    const graph = JSON.parse(document.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}");
    const citations = (graph["@graph"] ?? [graph]).find((node: { citation?: object[] }) => node.citation)?.citation;
    expect(citations).toEqual([
      { "@type": "CreativeWork", name: "One", url: "https://example.org/one", datePublished: "2025-03-12" },
      { "@type": "CreativeWork", name: "Two", url: "https://example.org/two" },
    ]);
  });

  it("says published and retrieved in the article's language, and nothing for a source without days", () => {
    expect(renderMarkdown(dated("de"))).toContain("— veröffentlicht am 2025-03-12 · abgerufen am 2026-12-03");
    expect(renderMarkdown(article())).toMatch(/^1\. One .*<https:\/\/example\.org\/one>$/m);
  });

  it("takes only a calendar day in the article model", () => {
    const source = { id: 1, url: "https://x.example/", title: "X", publishedAt: "March 2025" };
    expect(() => ArticleSchema.parse({ ...dated(), sources: [source] })).toThrow();
  });
});
