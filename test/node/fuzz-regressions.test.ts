import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analysePage } from "../../scripts/fuzz/analysers";
import { pageShape } from "../../scripts/fuzz/html";
import { parseDocument } from "../../src/core/research/extract/dom";

const CASES = path.join(import.meta.dirname, "..", "fuzz-cases", "analysers");
const saved = readdirSync(CASES).filter((name) => name.endsWith(".html"));

describe("pages the fuzzer found", () => {
  // Each saved page is read whole by every analyser (the largest, 0.9 MB of hostile markup, takes about 2 s on a
  // quiet core and ten times that on a busy shared machine): what is asserted is that nothing throws, so the
  // time allowed is generous. How long analysis takes is measured by `npm run fuzz`, not here.
  it.each(saved)(
    "reads %s without throwing",
    (name) => {
      const page = readFileSync(path.join(CASES, name), "utf8");
      expect(analysePage(page)).toBeGreaterThanOrEqual(0);
    },
    90_000,
  );

  it("cuts a long run of whitespace before the parser's style reader sees it", () => {
    const doc = parseDocument(`<p style="${" ".repeat(300_000)}color: red">text</p>`);
    const style = doc.querySelector("p")?.getAttribute("style") ?? "";
    expect(style.length).toBeLessThanOrEqual(80);
    expect(style.trim()).toBe("color: red");
  });

  it("extracts and analyses generated pages of hostile text without throwing", () => {
    fc.assert(
      fc.property(pageShape, (page) => {
        analysePage(page);
      }),
      { numRuns: 60, seed: 20261202 },
    );
  });
});
