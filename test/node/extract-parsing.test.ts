import { describe, expect, it } from "vitest";
import { extractPage } from "../../src/core/research/extract";
import { elementsByTag, parseDocument } from "../../src/core/research/extract/dom";
import { contentRoot } from "../../src/core/research/extract/parse";

const prose = (topic: string) =>
  `<p>${topic} carries the article's text, long enough to read as prose rather than as a caption or a menu item,
  and it goes on for a second sentence so that no extractor mistakes it for page furniture.</p>`;
const article = `<table><tr><td>${prose("The first paragraph")}${prose("The second paragraph")}</td></tr></table>`;

describe("extractPage on documents a lenient parser reads wrongly", () => {
  it("reads the body of a page with a stray head before <html>", () => {
    const html = `<!DOCTYPE HTML><HEAD><TITLE>Old page</TITLE>\n<html><head><title>Old page</title></head>
      <body bgcolor="#fff"></HEAD>${article}</body></html>`;
    const page = extractPage(html, "https://old.example/a");
    expect(page.title).toBe("Old page");
    expect(page.text).toContain("The first paragraph carries the article's text");
    expect(page.text).toContain("The second paragraph carries");
  });

  it("reads content that follows a </body> closed too early", () => {
    const html = `<html><head><title>t</title></head>\n</body>\n${article}${"<div><p>x</p></div>".repeat(120)}
      <body></body></html>`;
    expect(extractPage(html, "https://old.example/b").text).toContain("The second paragraph carries");
  });

  it("reads a body left inside an unclosed head", () => {
    const html = `<html><head><title>t</title><mbox>${article}</mbox></body></html>`;
    expect(extractPage(html, "https://old.example/c").text).toContain("The first paragraph carries");
  });

  it("keeps the metadata of the first reading when the body is read again", () => {
    const html = `<html lang="fr"><head><title>Titre</title><meta name="description" content="Résumé">
      <mbox>${article}</mbox></body></html>`;
    const page = extractPage(html, "https://old.example/d");
    expect(page.language).toBe("fr");
    expect(page.metaDescription).toBe("Résumé");
    expect(page.text).not.toContain("Titre");
  });
});

describe("contentRoot", () => {
  it("reads the html element's body when markup before <html> made a stray element the document's root", () => {
    const html = `<script>var bucket = 4;</script><input type="hidden" name="ref">\n<html><head><title>t</title></head>
      <body>${article}</body></html>`;
    const doc = parseDocument(html);
    const root = contentRoot(doc);
    expect(root.element?.localName).toBe("body");
    expect(root.element?.textContent).toContain("The second paragraph carries");
    expect(root.chars).toBe(root.element?.textContent?.length);
  });

  it("reads the body of a well-formed page and the whole document when the body is empty", () => {
    expect(contentRoot(parseDocument(`<html><body>${article}</body></html>`)).element?.localName).toBe("body");
    const empty = contentRoot(parseDocument("<html><head><title>Only a title</title></head><body> </body></html>"));
    expect(empty.element?.localName).toBe("html");
  });

  it("extracts the article of a page whose root is a stray script", () => {
    const html = `<script>var bucket = 4;</script>\n<html><head><title>Stray</title></head><body>${article}</body></html>`;
    expect(extractPage(html, "https://old.example/e").text).toContain("The first paragraph carries");
  });
});

describe("elementsByTag", () => {
  it("finds the asked tags in document order in one walk, including elements before <html>", () => {
    const html = `<meta name="a" content="1"><html><head><title>t</title><meta name="b" content="2"></head>
      <body><div><p><time datetime="2020-01-02">x</time></p></div><meta itemprop="c" content="3"></body></html>`;
    const found = elementsByTag(parseDocument(html), ["meta", "time", "title"]);
    expect(found.get("meta")?.map((meta) => meta.getAttribute("content"))).toEqual(["1", "2", "3"]);
    expect(found.get("time")?.length).toBe(1);
    expect(found.get("title")?.[0]?.textContent).toBe("t");
  });

  it("walks 5000 levels of nesting without overflowing the stack", () => {
    const deep = `<html><body>${"<div>".repeat(5000)}<time datetime="2020-01-02">x</time>${"</div>".repeat(5000)}</body></html>`;
    expect(elementsByTag(parseDocument(deep), ["time"]).get("time")?.length).toBe(1);
  });
});

describe("parseDocument", () => {
  it("cuts each whitespace run longer than 64 characters to 64 and leaves shorter runs whole", () => {
    const long = " \n\t".repeat(100);
    const short = " ".repeat(64);
    const doc = parseDocument(
      `<html><body><div id="a" title="x${long}y${short}z" style="color:red;${long};"></div></body></html>`,
    );
    const title = doc.querySelector("#a")?.getAttribute("title") ?? "";
    expect(title).toBe(`x${long.slice(0, 64)}y${short}z`);
  });
});
