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

  it("skips a meta tag inside a comment and a content charset that no http-equiv declares", () => {
    const commented = new Uint8Array([
      ...ascii('<!-- <meta charset="shift_jis"> --><meta charset="windows-1252"><p>'),
      0xe9,
    ]);
    expect(charsetFromMeta(commented)).toBe("windows-1252");
    const undeclared = ascii('<meta name="x" content="text/html; charset=shift_jis"><meta charset=koi8-r>');
    expect(charsetFromMeta(new Uint8Array(undeclared))).toBe("koi8-r");
    const pragma = ascii(`<meta content='text/html; charset="iso-8859-2"' http-equiv=Content-Type>`);
    expect(charsetFromMeta(new Uint8Array(pragma))).toBe("iso-8859-2");
  });

  it("reads x-user-defined as windows-1252, resolves labels to their encoding and ignores meta past 1024 bytes", () => {
    expect(charsetFromMeta(new Uint8Array(ascii('<meta charset="x-user-defined">')))).toBe("windows-1252");
    expect(charsetFromMeta(new Uint8Array(ascii('<meta charset=" latin1 ">')))).toBe("windows-1252");
    expect(charsetFromMeta(new Uint8Array(ascii('<meta charset="no-such-thing"><meta charset="utf-8">')))).toBe(
      "utf-8",
    );
    const late = new Uint8Array([...ascii(`<p>${"x".repeat(1100)}</p>`), ...ascii('<meta charset="shift_jis">')]);
    expect(charsetFromMeta(late)).toBeUndefined();
  });

  it("falls through an unknown header label to the meta declaration, and decodes a UTF-16 byte order mark", () => {
    const meta = new Uint8Array([...ascii('<meta charset="windows-1252"><p>'), 0x93, ...ascii("hi"), 0x94]);
    expect(decodeHtml(meta, "text/html; charset=x-made-up")).toContain("<p>“hi”");
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from("<p>é</p>").flatMap((ch) => [ch.charCodeAt(0), 0])]);
    expect(decodeHtml(utf16, "text/html; charset=utf-8")).toBe("<p>é</p>");
  });

  it("decodes an undeclared page as UTF-8 when its bytes are UTF-8, else as windows-1252", () => {
    const legacy = new Uint8Array([...ascii("<p>Caf"), 0xe9, 0x20, 0x80, ...ascii("5</p>")]);
    expect(decodeHtml(legacy, "text/html")).toBe("<p>Café €5</p>");
    expect(decodeHtml(new TextEncoder().encode("<p>Café €5</p>"), null)).toBe("<p>Café €5</p>");
  });
});
