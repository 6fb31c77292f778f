import { describe, expect, it } from "vitest";
import { decodeHtml } from "../src/core/research/charset";

describe("charsets in the Workers runtime", () => {
  it("reads x-user-defined in the Content-Type header as windows-1252, as the tests in Node read it", () => {
    // workerd has an x-user-defined decoder (bytes past ASCII become private-use characters); Node has none.
    const bytes = new Uint8Array([0x3c, 0x70, 0x3e, 0x93, 0xe9, 0x94]);
    expect(decodeHtml(bytes, "text/html; charset=x-user-defined")).toBe("<p>“é”");
    expect(decodeHtml(bytes, "text/html; charset=windows-1252")).toBe("<p>“é”");
  });
});
