import { describe, expect, it } from "vitest";
import type { SearchResult } from "../../src/core/research/types";
import { canonicalUrl, isWithinDomain, normaliseDomain, selectCandidates } from "../../src/core/research/urls";

const result = (url: string, rank: number): SearchResult => ({
  url,
  title: `t${rank}`,
  snippet: "",
  rank,
  engine: "test",
});

describe("canonical URLs", () => {
  it("folds case, default ports, fragments, trailing slashes and tracking parameters", () => {
    const canonical = canonicalUrl("https://example.com/guide?a=1");
    expect(canonicalUrl("HTTPS://Example.COM:443/guide/?utm_source=x&a=1#top")).toBe(canonical);
    expect(canonicalUrl("http://www.example.com:80/guide?fbclid=abc&a=1&gclid=z")).toBe(canonical);
    expect(canonicalUrl("https://example.com/guide?a=1&utm_medium=email&UTM_Campaign=y")).toBe(canonical);
  });

  it("keeps what makes a different page", () => {
    expect(canonicalUrl("https://example.com/guide?a=2")).not.toBe(canonicalUrl("https://example.com/guide?a=1"));
    expect(canonicalUrl("https://example.com:8443/guide")).not.toBe(canonicalUrl("https://example.com/guide"));
    expect(canonicalUrl("https://example.com/Guide")).not.toBe(canonicalUrl("https://example.com/guide"));
    expect(canonicalUrl("https://example.com/guide?b=1&a=2")).toBe(canonicalUrl("https://example.com/guide?a=2&b=1"));
  });

  it("has no canonical form for non-web URLs", () => {
    expect(canonicalUrl("mailto:a@example.com")).toBeUndefined();
    expect(canonicalUrl("nonsense")).toBeUndefined();
  });
});

describe("excluded domains", () => {
  it("normalises what a caller typed", () => {
    expect(normaliseDomain("https://WWW.Example.com/path")).toBe("example.com");
    expect(normaliseDomain("*.pinterest.com")).toBe("pinterest.com");
    expect(normaliseDomain("Reddit.com.")).toBe("reddit.com");
    expect(normaliseDomain("example.com:8080")).toBe("example.com");
  });

  it("reads a domain typed in its own letters, or full-width, as the host a URL of it has", () => {
    expect(normaliseDomain("bücher.de")).toBe("xn--bcher-kva.de");
    expect(normaliseDomain("ＥＸＡＭＰＬＥ.com")).toBe("example.com");
    expect(normaliseDomain("not a domain")).toBe("");
    const r = (url: string, rank: number) => ({ url, title: "", snippet: "", rank, engine: "t" });
    const { excluded, kept } = selectCandidates(
      [r("https://bücher.de/x", 1), r("https://sub.bücher.de/y", 2), r("https://buecher.de/z", 3)],
      ["bücher.de"],
    );
    expect(excluded.map((e) => e.rank)).toEqual([1, 2]);
    expect(kept.map((k) => k.url)).toEqual(["https://buecher.de/z"]);
  });

  it("matches subdomains but not look-alikes", () => {
    expect(isWithinDomain("blog.example.com", "example.com")).toBe(true);
    expect(isWithinDomain("example.com", "example.com")).toBe(true);
    expect(isWithinDomain("notexample.com", "example.com")).toBe(false);
    expect(isWithinDomain("example.com.evil.net", "example.com")).toBe(false);
  });
});

describe("selecting candidates", () => {
  it("drops excluded domains with their subdomains and later duplicates, then re-ranks", () => {
    const selected = selectCandidates(
      [
        result("https://a.com/x", 1),
        result("https://www.pinterest.com/pin/1", 2),
        result("https://a.com/x/?utm_source=feed", 3),
        result("https://b.com/y", 4),
        result("https://old.reddit.com/r/z", 5),
        result("https://notreddit.com/r/z", 6),
      ],
      ["pinterest.com", "https://reddit.com"],
    );
    expect(selected.kept.map((r) => [r.url, r.rank])).toEqual([
      ["https://a.com/x", 1],
      ["https://b.com/y", 2],
      ["https://notreddit.com/r/z", 3],
    ]);
    expect(selected.excluded.map((r) => r.url)).toEqual([
      "https://www.pinterest.com/pin/1",
      "https://old.reddit.com/r/z",
    ]);
    expect(selected.duplicates.map((r) => r.url)).toEqual(["https://a.com/x/?utm_source=feed"]);
  });

  it("sets aside a result that is no http(s) URL, so that it takes no page's place", () => {
    const selected = selectCandidates([
      result("magnet:?xt=urn:btih:abc", 1),
      result("ftp://files.example/guide.txt", 2),
      result("/relative/page", 3),
      result("https://a.com/x", 4),
    ]);
    expect(selected.kept.map((r) => [r.url, r.rank])).toEqual([["https://a.com/x", 1]]);
    expect(selected.unreadable.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it("keeps the best-ranked copy even when results arrive out of order", () => {
    const selected = selectCandidates([result("https://a.com/x#b", 2), result("https://A.com/x", 1)]);
    expect(selected.kept.map((r) => r.url)).toEqual(["https://A.com/x"]);
  });
});
