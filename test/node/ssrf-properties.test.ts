import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkUrl } from "../../src/core/research/ssrf";
import { canonicalUrl, selectCandidates } from "../../src/core/research/urls";

const none = new Set<string>();

/** An address inside a forbidden IPv4 block. */
const forbiddenIpv4 = fc.oneof(
  fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
);

/** The spellings an attacker might use for one IPv4 address. */
function spellings([a, b, c, d]: [number, number, number, number]): string[] {
  const whole = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  return [
    `${a}.${b}.${c}.${d}`,
    String(whole),
    `0x${whole.toString(16)}`,
    [a, b, c, d].map((n) => `0${n.toString(8)}`).join("."),
    [a, b, c, d].map((n) => `0x${n.toString(16)}`).join("."),
    `${a}.${(b << 16) + (c << 8) + d}`,
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `${a}.${b}.${c}.${d}.`,
  ];
}

describe("SSRF guard properties", () => {
  it("blocks every spelling of every forbidden IPv4 address, on any port and path", () => {
    fc.assert(
      fc.property(forbiddenIpv4, fc.constantFrom("", ":80", ":443"), fc.webPath(), (ip, port, path) => {
        for (const host of spellings(ip)) {
          const result = checkUrl(`http://${host}${port}${path}`, none);
          expect(result.ok, host).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throws and answers ok or a typed reason for any input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), (input) => {
        const result = checkUrl(input, none);
        expect(result.ok || result.reason === "ssrf_blocked" || result.reason === "invalid_url").toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("de-duplicates stably: a URL and its tracked, fragmented variant are one page", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 8 }), (url, tag) => {
        const variant = new URL(url);
        variant.searchParams.append("utm_source", tag);
        variant.hash = "section";
        expect(canonicalUrl(variant.href)).toBe(canonicalUrl(url));
        const selected = selectCandidates([
          { url, title: "", snippet: "", rank: 1, engine: "t" },
          { url: variant.href, title: "", snippet: "", rank: 2, engine: "t" },
        ]);
        expect(selected.kept).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
