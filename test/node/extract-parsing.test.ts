import { describe, expect, it } from "vitest";
import { extractPage } from "../../src/core/research/extract";

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
