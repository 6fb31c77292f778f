import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeWindows1252 } from "../../scripts/world/windows-1252.mjs";
import {
  charsetFromContentType,
  charsetFromMeta,
  decodeHtml,
  holdsUtf8Sequence,
} from "../../src/core/research/charset";

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
    // The dashes that end a comment may be those that open it: "<!-->" and "<!--->" are whole comments.
    for (const empty of ["<!-->", "<!--->"])
      expect(charsetFromMeta(new Uint8Array(ascii(`${empty}<meta charset="windows-1251">`)))).toBe("windows-1251");
    expect(
      charsetFromMeta(new Uint8Array(ascii('<!-- -><meta charset="koi8-r"> --><meta charset="windows-1251">'))),
    ).toBe("windows-1251");
    const undeclared = ascii('<meta name="x" content="text/html; charset=shift_jis"><meta charset=koi8-r>');
    expect(charsetFromMeta(new Uint8Array(undeclared))).toBe("koi8-r");
    const pragma = ascii(`<meta content='text/html; charset="iso-8859-2"' http-equiv=Content-Type>`);
    expect(charsetFromMeta(new Uint8Array(pragma))).toBe("iso-8859-2");
  });

  it("reads a meta tag written inside another tag's attribute value as that value, as the prescan does", () => {
    const inValue = ascii('<html data-x="<meta charset=koi8-r>"><meta charset="windows-1251">');
    expect(charsetFromMeta(new Uint8Array(inValue))).toBe("windows-1251");
    const inEndTag = ascii('</x y="><meta charset=koi8-r>"><meta charset="windows-1251">');
    expect(charsetFromMeta(new Uint8Array(inEndTag))).toBe("windows-1251");
    // A quote opened in a tag's attribute runs to the next quote, whatever markup is between.
    const loneQuote = ascii('<div class="x><meta charset="windows-1251">');
    expect(charsetFromMeta(new Uint8Array(loneQuote))).toBe(undefined);
    expect(charsetFromMeta(new Uint8Array(ascii("<p title=a>b</p><meta charset=koi8-r>")))).toBe("koi8-r");
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

  it("takes a UTF-16 header on bytes without a NUL for no label: UTF-8 if valid, else the meta, else windows-1252", () => {
    const plain = '<html><head><meta charset="utf-8"><title>Hello</title></head><body><p>plain</p></body></html>';
    expect(decodeHtml(new TextEncoder().encode(plain), "text/html; charset=utf-16")).toBe(plain);
    const cyrillic = new Uint8Array([...ascii('<meta charset="windows-1251"><p>'), 0xcf, 0xf0, 0xe8]);
    expect(decodeHtml(cyrillic, "text/html; charset=utf-16le")).toBe('<meta charset="windows-1251"><p>При');
    const latin = new Uint8Array([...ascii("<p>Caf"), 0xe9]);
    expect(decodeHtml(latin, "text/html; charset=utf-16be")).toBe("<p>Café");
    // Real UTF-16 without a byte order mark has its NULs: the label holds.
    const utf16 = new Uint8Array(Array.from("<p>é</p>").flatMap((ch) => [ch.charCodeAt(0), 0]));
    expect(decodeHtml(utf16, "text/html; charset=utf-16le")).toBe("<p>é</p>");
  });

  it("decodes an undeclared page as UTF-8 when its bytes are UTF-8, else as windows-1252", () => {
    const legacy = new Uint8Array([...ascii("<p>Caf"), 0xe9, 0x20, 0x80, ...ascii("5</p>")]);
    expect(decodeHtml(legacy, "text/html")).toBe("<p>Café €5</p>");
    expect(decodeHtml(new TextEncoder().encode("<p>Café €5</p>"), null)).toBe("<p>Café €5</p>");
  });

  it("reads UTF-8 bytes as UTF-8 when the header or the meta names another encoding", () => {
    const utf8 = new TextEncoder().encode('<meta charset="windows-1252"><p>Café “quoted” — 5 × 4 €</p>');
    expect(decodeHtml(utf8, "text/html; charset=iso-8859-1")).toBe(
      '<meta charset="windows-1252"><p>Café “quoted” — 5 × 4 €</p>',
    );
    expect(decodeHtml(utf8, "text/html")).toContain("Café “quoted” — 5 × 4 €");
    const japanese = new TextEncoder().encode("<p>日本語の記事です。</p>");
    expect(decodeHtml(japanese, "text/html; charset=shift_jis")).toBe("<p>日本語の記事です。</p>");
    // Pure ASCII under a legacy label reads the same either way; a body with no non-ASCII byte keeps its label.
    expect(decodeHtml(new Uint8Array(ascii("<p>plain</p>")), "text/html; charset=windows-1252")).toBe("<p>plain</p>");
  });

  it("reads legacy bytes labelled UTF-8 in the encoding the meta names, else windows-1252", () => {
    const latin = encodeWindows1252("<p>Café “quoted” €5</p>") as Uint8Array;
    expect(decodeHtml(latin, "text/html; charset=utf-8")).toBe("<p>Café “quoted” €5</p>");
    // Cyrillic in windows-1251, the header claiming UTF-8 and the meta telling the truth.
    const cyrillic = new Uint8Array([
      ...ascii('<meta charset="windows-1251"><p>'),
      0xcf,
      0xf0,
      0xe8,
      0xe2,
      0xe5,
      0xf2,
      ...ascii("</p>"),
    ]);
    expect(decodeHtml(cyrillic, "text/html; charset=utf-8")).toBe('<meta charset="windows-1251"><p>Привет</p>');
  });

  it("keeps the label of a body that mixes valid UTF-8 with stray bytes", () => {
    const mixed = new Uint8Array([...new TextEncoder().encode("<p>Café "), 0xe9, ...ascii("</p>")]);
    expect(decodeHtml(mixed, "text/html; charset=utf-8")).toBe("<p>Café \ufffd</p>");
    expect(decodeHtml(mixed, "text/html; charset=windows-1252")).toBe("<p>CafÃ© é</p>");
  });

  it("finds well-formed multi-byte sequences only", () => {
    expect(holdsUtf8Sequence(new TextEncoder().encode("é"))).toBe(true);
    expect(holdsUtf8Sequence(new TextEncoder().encode("😀"))).toBe(true);
    expect(holdsUtf8Sequence(new TextEncoder().encode("€"))).toBe(true);
    expect(holdsUtf8Sequence(new Uint8Array(ascii("plain")))).toBe(false);
    // Overlong forms, surrogates, a lone lead byte, a lone continuation byte and a code point past U+10FFFF.
    for (const bytes of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe9, 0x20],
      [0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      expect(holdsUtf8Sequence(new Uint8Array(bytes))).toBe(false);
    }
  });

  it("reads text right under a true label and under either lie, wherever the bytes leave no doubt", () => {
    const windows1252Text = fc
      .array(fc.constantFrom(..."ab <p>&é€“”’—…×ÀÖÿ©®°±"), { minLength: 1, maxLength: 40 })
      .map((chars) => `<p>${chars.join("")}</p>`);
    fc.assert(
      fc.property(windows1252Text, (html) => {
        const utf8 = new TextEncoder().encode(html);
        const legacy = encodeWindows1252(html) as Uint8Array;
        const nonAscii = /[\u0080-\uffff]/.test(html);
        expect(decodeHtml(utf8, "text/html; charset=utf-8")).toBe(html);
        if (nonAscii) expect(decodeHtml(utf8, "text/html; charset=windows-1252")).toBe(html);
        // windows-1252 bytes that happen to be valid UTF-8 ("Ã©" is "é" in UTF-8) are the one case read the other way.
        let validUtf8 = true;
        try {
          new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(legacy);
        } catch {
          validUtf8 = false;
        }
        if (!validUtf8 || !nonAscii) expect(decodeHtml(legacy, "text/html; charset=windows-1252")).toBe(html);
        if (!holdsUtf8Sequence(legacy)) expect(decodeHtml(legacy, "text/html; charset=utf-8")).toBe(html);
      }),
    );
  });

  it("decodes any bytes under any label without throwing, a BOM-less UTF-8 body unchanged", () => {
    const label = fc.constantFrom(
      undefined,
      "utf-8",
      "windows-1252",
      "shift_jis",
      "utf-16le",
      "x-user-defined",
      "x-bogus",
      "",
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), label, (bytes, charset) => {
        const text = decodeHtml(bytes, charset === undefined ? null : `text/html; charset=${charset}`);
        expect(typeof text).toBe("string");
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), label, (body, charset) => {
        const bytes = new TextEncoder().encode(body);
        fc.pre(!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) && /[\u0080-\uffff]/.test(body));
        expect(decodeHtml(bytes, charset === undefined ? null : `text/html; charset=${charset}`)).toBe(body);
      }),
    );
  });
});
