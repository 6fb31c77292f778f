import { describe, expect, it } from "vitest";
import { charsetFromContentType, charsetFromMeta, decodeHtml } from "../../src/core/research/charset";

const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

describe("charset decoding", () => {
  it("decodes windows-1252 named in the Content-Type header", () => {
    // "Café – “quoted” €5" in windows-1252: é=E9, en dash=96, curly quotes=93/94, euro=80.
    const bytes = new Uint8Array([
      ...ascii("<p>Caf"),
      0xe9,
      0x20,
      0x96,
      0x20,
      0x93,
      ...ascii("quoted"),
      0x94,
      0x20,
      0x80,
      ...ascii("5</p>"),
    ]);
    expect(decodeHtml(bytes, "text/html; charset=windows-1252")).toBe("<p>Café – “quoted” €5</p>");
    expect(decodeHtml(bytes, 'text/html; charset="ISO-8859-1"')).toContain("€5");
  });

  it("decodes Shift_JIS declared only in a meta http-equiv tag", () => {
    // 日本語 in Shift_JIS: 93FA 967B 8CEA.
    const bytes = new Uint8Array([
      ...ascii('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head><body><p>'),
      0x93,
      0xfa,
      0x96,
      0x7b,
      0x8c,
      0xea,
      ...ascii("</p></body></html>"),
    ]);
    expect(charsetFromMeta(bytes)).toBe("shift_jis");
    expect(decodeHtml(bytes, "text/html")).toContain("<p>日本語</p>");
  });

  it("reads <meta charset> and prefers the header over it, and a BOM over both", () => {
    const meta = new Uint8Array([...ascii('<meta charset="windows-1252"><p>'), 0xe9, ...ascii("</p>")]);
    expect(decodeHtml(meta, "text/html")).toBe('<meta charset="windows-1252"><p>é</p>');
    const utf8 = new TextEncoder().encode('<meta charset="windows-1252"><p>é</p>');
    expect(decodeHtml(utf8, "text/html; charset=utf-8")).toBe('<meta charset="windows-1252"><p>é</p>');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<p>é</p>")]);
    expect(decodeHtml(bom, "text/html; charset=windows-1252")).toBe("<p>é</p>");
  });

  it("falls back to UTF-8 for unknown or missing labels", () => {
    const utf8 = new TextEncoder().encode("<p>naïve</p>");
    expect(decodeHtml(utf8, "text/html; charset=x-made-up")).toBe("<p>naïve</p>");
    expect(decodeHtml(utf8, undefined)).toBe("<p>naïve</p>");
    expect(charsetFromContentType("text/html")).toBeUndefined();
    expect(decodeHtml(new TextEncoder().encode('<meta charset="utf-16"><p>é</p>'), "text/html")).toContain("<p>é</p>");
  });
});
