import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  aiUseOfMeta,
  aiUseOfRobots,
  aiUseOfRobotsTag,
  aiUseOfSignal,
  aiUseOfTdmHeader,
  aiUseOfUsage,
  combineAiUse,
  parseUsageRules,
  pathMatches,
  usageDictionary,
} from "../../src/core/research/usage-preferences";

const UA = "OptiBlogEdge/0.1 (+https://github.com/optiblog/optiblog-edge)";
const robots = (text: string, path = "/article") => aiUseOfRobots(parseUsageRules(text), UA, path).preference;

describe("a site's AI use preferences", () => {
  it("reads a usage dictionary's y and n, the last of a repeated key, and nothing from one it cannot parse", () => {
    expect(usageDictionary("train-ai=n, ai-use=y;since=2026")).toEqual(
      new Map([
        ["train-ai", "n"],
        ["ai-use", "y"],
      ]),
    );
    expect(usageDictionary("ai-use=y, ai-use=n")?.get("ai-use")).toBe("n");
    // Upper-case keys are not keys: the format is case sensitive, and a failed parse leaves every preference unknown.
    expect(usageDictionary("AI-USE=n")).toBeUndefined();
    expect(usageDictionary("ai-use=n,,")).toBeUndefined();
    expect(aiUseOfUsage("AI-USE=n, ai-use=n", "header").preference).toBe("unknown");
    expect(aiUseOfUsage("train-ai=n, ai-use=n", "header")).toEqual({ preference: "disallow", via: "header" });
    expect(aiUseOfUsage("ai-use=y", "header").preference).toBe("allow");
    // A string or a boolean is not the token n; training and search preferences say nothing about this use.
    for (const value of ['ai-use="n"', "ai-use", "train-ai=n, search=n", "", null]) {
      expect(aiUseOfUsage(value, "header").preference).toBe("unknown");
    }
  });

  it("compares a rule's path and the page's as RFC 9309 does: non-ASCII encoded, escapes in either case", () => {
    // The URL parser hands over /café/a as /caf%C3%A9/a; a rule may be written raw or with lower-case escapes.
    const page = new URL("https://x.test/café/a").pathname;
    expect(robots("User-agent: *\nContent-Usage: /café/ ai-use=n", page)).toBe("disallow");
    expect(robots("User-agent: *\nContent-Usage: /caf%c3%a9/ ai-use=n", page)).toBe("disallow");
    expect(robots("User-agent: *\nContent-Signal: /été/ ai-input=no", "/%c3%a9t%c3%a9/x")).toBe("disallow");
    expect(robots("User-agent: *\nContent-Usage: /café/ ai-use=n", "/cafe/a")).toBe("unknown");
  });

  it("reads Content-Signal's ai-input, leniently as sites write it", () => {
    expect(aiUseOfSignal("search=yes, ai-train=no, ai-input=no", "x").preference).toBe("disallow");
    expect(aiUseOfSignal("search=yes,ai-input=Yes", "x").preference).toBe("allow");
    expect(aiUseOfSignal("search=yes, ai-train=no, use=reference", "x").preference).toBe("unknown");
  });

  it("combines statements so that the most restrictive wins", () => {
    const allow = { preference: "allow" as const };
    const disallow = { preference: "disallow" as const, via: "robots" };
    expect(combineAiUse(allow, disallow, { preference: "unknown" })).toEqual(disallow);
    expect(combineAiUse({ preference: "unknown" }, allow).preference).toBe("allow");
    expect(combineAiUse().preference).toBe("unknown");
  });

  it("takes robots.txt's group for this crawler, else the * group, with the lines before any group", () => {
    const file = [
      "Content-Signal: ai-train=no",
      "User-agent: *",
      "Content-Signal: search=yes, ai-input=no",
      "Allow: /",
      "",
      "User-agent: SomeOtherBot",
      "User-agent: optiblogedge",
      "Content-Signal: search=yes, ai-input=yes",
    ].join("\n");
    expect(robots(file)).toBe("allow");
    expect(aiUseOfRobots(parseUsageRules(file), "AnotherCrawler/2.0", "/a")).toEqual({
      preference: "disallow",
      via: 'robots.txt "Content-Signal: search=yes, ai-input=no"',
    });
    expect(robots("Content-Signal: ai-input=no # everywhere\nUser-agent: *\nAllow: /")).toBe("disallow");
    expect(robots("User-agent: *\nDisallow: /private\n")).toBe("unknown");
    // A group of this crawler's own stands in for the * group even with no preference in it.
    expect(robots("User-agent: OptiBlogEdge\nAllow: /\n\nUser-agent: *\nContent-Signal: ai-input=no\n")).toBe(
      "unknown",
    );
    expect(robots("User-agent: *\nContent-Signal: ai-input=no\n\nUser-agent: OptiBlogEdge\n")).toBe("unknown");
  });

  it("applies a Content-Usage rule by the longest matching path, with * and $ as robots.txt reads them", () => {
    const file = [
      "User-Agent: *",
      "Allow: /",
      "Content-Usage: / train-ai=n",
      "Content-Usage: /news/ ai-use=n",
      "Content-Usage: /news/open/ ai-use=y",
      "Content-Usage: /*.pdf$ ai-use=n",
    ].join("\n");
    expect(robots(file, "/blog/post")).toBe("unknown");
    expect(robots(file, "/news/story")).toBe("disallow");
    expect(robots(file, "/news/open/story")).toBe("allow");
    expect(robots(file, "/files/report.pdf")).toBe("disallow");
    expect(robots(file, "/files/report.pdf?page=2")).toBe("unknown");
    // Two rules on the same path that disagree: both apply, and the disallow wins. A rule with no path covers the site.
    expect(robots("User-agent: *\nContent-Usage: /a ai-use=y\nContent-Usage: /a ai-use=n", "/a/b")).toBe("disallow");
    expect(robots("User-agent: *\nContent-Usage: ai-use=n", "/anything")).toBe("disallow");
  });

  it("matches a path pattern of many wildcards against a long path without backtracking", () => {
    const pattern = `/${"*a".repeat(200)}*b$`;
    const path = `/${"a".repeat(20_000)}`;
    expect(pathMatches(pattern, path)).toBe(false);
    expect(pathMatches(pattern, `${path}b`)).toBe(true);
    expect(pathMatches("/x*y", "/x-and-y-more")).toBe(true);
    expect(pathMatches("/x$", "/x/")).toBe(false);
  });

  it("reads any robots.txt, header or path without throwing, to one of the three answers", () => {
    const line = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.constantFrom("User-agent", "Content-Usage", "Content-Signal", "content-usage", "Allow", "Disallow"),
          fc.string(),
        )
        .map(([field, value]) => `${field}: ${value}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.string(), fc.string(), (lines, path, header) => {
        const answer = combineAiUse(
          aiUseOfRobots(parseUsageRules(lines.join("\n")), UA, `/${path}`),
          aiUseOfUsage(header, "header"),
        );
        expect(["allow", "disallow", "unknown"]).toContain(answer.preference);
        if (answer.preference === "disallow") expect(answer.via).toBeTruthy();
      }),
    );
  });

  it("reads noai among robots directives, for all crawlers or this one, not for another or a valued directive", () => {
    const tag = (value: string) => aiUseOfRobotsTag(value, UA).preference;
    expect(tag("noai")).toBe("disallow");
    expect(tag("noindex, NOAI")).toBe("disallow");
    expect(tag("optiblogedge: noai")).toBe("disallow");
    // A prefix names the crawler for the directives after it, until the next prefix.
    expect(tag("otherbot: noindex, noai")).toBe("unknown");
    expect(tag("otherbot: noindex, optiblogedge: nofollow, noai")).toBe("disallow");
    // Valued directives are not crawler names; training-only and image-only directives say nothing of this use.
    expect(tag("max-snippet: 20, noimageai")).toBe("unknown");
    expect(tag("unavailable_after: 2026-01-01, noai")).toBe("disallow");
    expect(tag("")).toBe("unknown");
    expect(aiUseOfRobotsTag(null, UA).preference).toBe("unknown");
  });

  it("reads robots <meta> tags in the head only, by name for all crawlers or this one", () => {
    const meta = (html: string) => aiUseOfMeta(html, UA);
    expect(meta('<head><meta name="robots" content="noai"></head>')).toEqual({
      preference: "disallow",
      via: '<meta name="robots" content="noai">',
    });
    expect(meta("<head><meta name='OptiBlogEdge' content='noarchive,noai'></head>").preference).toBe("disallow");
    expect(meta('<head><meta name="otherbot" content="noai"></head>').preference).toBe("unknown");
    expect(meta('<head><meta property="robots" content="noai"></head>').preference).toBe("unknown");
    expect(meta('<head></head><body><meta name="robots" content="noai">').preference).toBe("unknown");
    expect(meta('<head><!-- <meta name="robots" content="noai"> --></head>').preference).toBe("unknown");
    // "<body" as text in a script, a style or a comment does not end the head; a <body> after them does.
    for (const before of [
      '<script>var t = "<body class=x>";</script>',
      "<style>/* <body> */</style>",
      "<!-- <body> -->",
    ]) {
      expect(meta(`<head>${before}<meta name="robots" content="noai"></head>`).preference, before).toBe("disallow");
      expect(meta(`<head>${before}</head><body><meta name="robots" content="noai">`).preference, before).toBe(
        "unknown",
      );
    }
    expect(meta('<head><meta name="robots" content="noai"><bodyguard>').preference).toBe("disallow");
    // A head past 256 KB is not read to its end.
    expect(meta(`<head><script>${"x".repeat(300_000)}</script><meta name="robots" content="noai">`).preference).toBe(
      "unknown",
    );
  });

  it("reads a TDM reservation, by header or <meta>, as declining; 0 or anything else reserves nothing", () => {
    expect(aiUseOfTdmHeader("1")).toEqual({ preference: "disallow", via: '"tdm-reservation: 1" header' });
    expect(aiUseOfTdmHeader(" 1 ").preference).toBe("disallow");
    for (const value of ["0", "", "yes", "10", null]) expect(aiUseOfTdmHeader(value).preference).toBe("unknown");
    const meta = (content: string) =>
      aiUseOfMeta(`<head><meta name="tdm-reservation" content="${content}"></head>`, UA);
    expect(meta("1")).toEqual({ preference: "disallow", via: '<meta name="tdm-reservation" content="1">' });
    expect(meta("0").preference).toBe("unknown");
    // A policy alone reserves nothing; with a reservation it offers a licence this crawler does not hold.
    expect(aiUseOfMeta('<head><meta name="tdm-policy" content="https://a.test/p.json"></head>', UA).preference).toBe(
      "unknown",
    );
  });

  it("reads any robots directives or document text without throwing", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, html) => {
        const answers = [aiUseOfRobotsTag(value, UA), aiUseOfMeta(html, UA)];
        for (const answer of answers) expect(["disallow", "unknown"]).toContain(answer.preference);
      }),
    );
    // Unclosed comments, quotes and tags, repeated, end the scan as they are (the pattern's alternatives never
    // start on the same character, so it does not backtrack over them).
    for (const piece of ["<!--", '<meta name="robots', "<meta ", "<!", "<meta content='"])
      expect(aiUseOfMeta(`<head>${piece.repeat(20_000)}`, UA).preference, piece).toBe("unknown");
  });
});
