import { describe, expect, it } from "vitest";
import { BraveSearch } from "../../src/adapters/search/brave";
import { GoogleSearch } from "../../src/adapters/search/google";
import { parseRetryAfter, plainText, type SearchHttp } from "../../src/adapters/search/http";
import { SearxngSearch } from "../../src/adapters/search/searxng";
import { UrlListSearch } from "../../src/adapters/search/urls";
import { PermanentError, TransientError } from "../../src/core/errors";

const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function stub(answer: (url: URL, headers: Headers) => Response | Promise<Response>) {
  const calls: { url: URL; headers: Headers }[] = [];
  const http: SearchHttp = {
    fetch: async (input, init) => {
      const call = { url: new URL(input), headers: new Headers(init.headers) };
      calls.push(call);
      return answer(call.url, call.headers);
    },
    now: () => Date.parse("2026-11-26T12:00:00Z"),
  };
  return { http, calls };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as TransientError | PermanentError;
  }
  throw new Error("expected a failure");
}

const query = { keyword: "sourdough starter", limit: 10, language: "en" };

describe("SearXNG", () => {
  const answer = {
    query: "sourdough starter",
    number_of_results: 0,
    results: [
      {
        url: "https://www.kingarthurbaking.com/recipes/sourdough-starter-recipe",
        title: "Sourdough Starter Recipe | King Arthur Baking",
        content: "Making your own <b>sourdough starter</b> takes about 5 days &amp; a little patience.",
        engine: "duckduckgo",
        parsed_url: ["https", "www.kingarthurbaking.com", "/recipes/sourdough-starter-recipe", "", "", ""],
        template: "default.html",
        engines: ["duckduckgo", "brave"],
        positions: [1, 2],
        score: 3.5,
        category: "general",
      },
      {
        url: "https://www.theperfectloaf.com/beginners-sourdough-starter/",
        title: "How to Make a Sourdough Starter",
        content: "A step-by-step guide.",
        engine: "brave",
        engines: ["brave"],
        positions: [2],
        score: 1,
        category: "general",
      },
    ],
    answers: [],
    corrections: [],
    infoboxes: [],
    suggestions: ["sourdough starter ratio"],
    unresponsive_engines: [],
  };

  it("asks for JSON and normalises the results", async () => {
    const { http, calls } = stub(() => jsonResponse(answer));
    const results = await new SearxngSearch("http://127.0.0.1:8790", http).search(query);
    expect(calls[0]?.url.pathname).toBe("/search");
    expect(calls[0]?.url.searchParams.get("format")).toBe("json");
    expect(calls[0]?.url.searchParams.get("q")).toBe("sourdough starter");
    expect(calls[0]?.url.searchParams.get("language")).toBe("en");
    expect(results).toEqual([
      {
        url: "https://www.kingarthurbaking.com/recipes/sourdough-starter-recipe",
        title: "Sourdough Starter Recipe | King Arthur Baking",
        snippet: "Making your own sourdough starter takes about 5 days & a little patience.",
        rank: 1,
        engine: "searxng:duckduckgo",
      },
      {
        url: "https://www.theperfectloaf.com/beginners-sourdough-starter/",
        title: "How to Make a Sourdough Starter",
        snippet: "A step-by-step guide.",
        rank: 2,
        engine: "searxng:brave",
      },
    ]);
  });

  it("keeps a base path and cuts to the limit", async () => {
    const { http, calls } = stub(() => jsonResponse(answer));
    const results = await new SearxngSearch("https://search.example.org/searx/", http).search({ ...query, limit: 1 });
    expect(calls[0]?.url.pathname).toBe("/searx/search");
    expect(results).toHaveLength(1);
  });

  it("treats every engine failing as transient and a disabled JSON format as permanent", async () => {
    const down = stub(() => jsonResponse({ ...answer, results: [], unresponsive_engines: [["google", "timeout"]] }));
    expect(await failure(new SearxngSearch("http://s.test", down.http).search(query))).toBeInstanceOf(TransientError);
    const forbidden = stub(() => new Response("<html>403 Forbidden</html>", { status: 403 }));
    expect(await failure(new SearxngSearch("http://s.test", forbidden.http).search(query))).toBeInstanceOf(
      PermanentError,
    );
    const html = stub(() => new Response("<html>results</html>", { headers: { "content-type": "text/html" } }));
    const error = await failure(new SearxngSearch("http://s.test", html.http).search(query));
    expect(error).toMatchObject({ name: "PermanentError", code: "search_bad_response" });
  });

  it("rejects a bad base URL as permanent configuration error", () => {
    expect(() => new SearxngSearch("not a url", stub(() => jsonResponse({})).http)).toThrow(PermanentError);
  });
});

describe("Brave Search", () => {
  const answer = {
    type: "search",
    query: { original: "sourdough starter", more_results_available: true },
    mixed: { type: "mixed", main: [{ type: "web", index: 0, all: false }] },
    web: {
      type: "search",
      family_friendly: true,
      results: [
        {
          type: "search_result",
          title: "Sourdough Starter Recipe | King Arthur Baking",
          url: "https://www.kingarthurbaking.com/recipes/sourdough-starter-recipe",
          is_source_local: false,
          is_source_both: false,
          description: "Making your own <strong>sourdough starter</strong> is easy.",
          profile: {
            name: "King Arthur Baking",
            url: "https://www.kingarthurbaking.com",
            long_name: "kingarthurbaking.com",
          },
          language: "en",
          family_friendly: true,
          meta_url: {
            scheme: "https",
            netloc: "kingarthurbaking.com",
            hostname: "www.kingarthurbaking.com",
            path: "› recipes",
          },
        },
        {
          type: "search_result",
          title: "Sourdough starter - Wikipedia",
          url: "https://en.wikipedia.org/wiki/Sourdough",
          description: "Sourdough is a bread made by the fermentation of dough.",
        },
      ],
    },
  };

  it("sends the subscription token and normalises web results", async () => {
    const { http, calls } = stub(() => jsonResponse(answer));
    const results = await new BraveSearch("brave-key", http).search({ ...query, limit: 30 });
    expect(`${calls[0]?.url.origin}${calls[0]?.url.pathname}`).toBe("https://api.search.brave.com/res/v1/web/search");
    expect(calls[0]?.headers.get("x-subscription-token")).toBe("brave-key");
    expect(calls[0]?.url.searchParams.get("count")).toBe("20");
    expect(results.map((r) => [r.rank, r.url, r.snippet, r.engine])).toEqual([
      [
        1,
        "https://www.kingarthurbaking.com/recipes/sourdough-starter-recipe",
        "Making your own sourdough starter is easy.",
        "brave",
      ],
      [
        2,
        "https://en.wikipedia.org/wiki/Sourdough",
        "Sourdough is a bread made by the fermentation of dough.",
        "brave",
      ],
    ]);
  });

  it("returns nothing when the answer has no web section", async () => {
    const { http } = stub(() => jsonResponse({ type: "search", query: { original: "x" } }));
    expect(await new BraveSearch("k", http).search(query)).toEqual([]);
  });

  it("sends the search_lang Brave spells for a language, and none for a language it does not take", async () => {
    const { http, calls } = stub(() => jsonResponse({ web: { results: [] } }));
    const brave = new BraveSearch("k", http);
    const asked = ["ja", "zh", "zh-CN", "zh-TW", "zh-Hant-HK", "pt", "pt-PT", "no", "nn", "en-GB", "en-US", "de", "fa"];
    for (const language of asked) await brave.search({ ...query, language });
    expect(calls.map((call) => call.url.searchParams.get("search_lang"))).toEqual([
      "jp",
      "zh-hans",
      "zh-hans",
      "zh-hant",
      "zh-hant",
      "pt-br",
      "pt-pt",
      "nb",
      "nb",
      "en-gb",
      "en",
      "de",
      null,
    ]);
  });

  it("maps 429 with Retry-After to transient and a bad token to permanent", async () => {
    const limited = stub(() =>
      jsonResponse({ type: "ErrorResponse", error: { status: 429, code: "RATE_LIMITED" } }, 429, {
        "retry-after": "7",
        "x-ratelimit-reset": "1, 1419704",
      }),
    );
    const rateError = await failure(new BraveSearch("k", limited.http).search(query));
    expect(rateError).toBeInstanceOf(TransientError);
    expect((rateError as TransientError).retryAfterSeconds).toBe(7);
    const unauthorized = stub(() =>
      jsonResponse({ type: "ErrorResponse", error: { status: 401, code: "SUBSCRIPTION_TOKEN_INVALID" } }, 401),
    );
    expect(await failure(new BraveSearch("bad", unauthorized.http).search(query))).toBeInstanceOf(PermanentError);
    expect(await failure(new BraveSearch(undefined, limited.http).search(query))).toMatchObject({ code: "bad_config" });
    expect(limited.calls).toHaveLength(1);
  });
});

describe("Google Programmable Search", () => {
  const item = (n: number) => ({
    kind: "customsearch#result",
    title: `Result ${n}`,
    htmlTitle: `<b>Result</b> ${n}`,
    link: `https://site${n}.example/page`,
    displayLink: `site${n}.example`,
    snippet: `Snippet\nnumber ${n}.`,
    formattedUrl: `https://site${n}.example/page`,
  });
  const page = (from: number, count: number) => ({
    kind: "customsearch#search",
    url: { type: "application/json", template: "https://www.googleapis.com/customsearch/v1?q={searchTerms}" },
    queries: { request: [{ totalResults: "1230000", count, startIndex: from }] },
    searchInformation: { searchTime: 0.31, totalResults: "1230000" },
    items: Array.from({ length: count }, (_, i) => item(from + i)),
  });

  it("pages by ten with key and cx, ranking across pages", async () => {
    const { http, calls } = stub((url) => {
      const start = Number(url.searchParams.get("start"));
      return jsonResponse(page(start, Number(url.searchParams.get("num"))));
    });
    const results = await new GoogleSearch("g-key", "cx-id", http).search({ ...query, limit: 15 });
    expect(calls.map((c) => [c.url.searchParams.get("start"), c.url.searchParams.get("num")])).toEqual([
      ["1", "10"],
      ["11", "5"],
    ]);
    expect(calls[0]?.url.searchParams.get("key")).toBe("g-key");
    expect(calls[0]?.url.searchParams.get("cx")).toBe("cx-id");
    expect(calls[0]?.url.searchParams.get("lr")).toBe("lang_en");
    expect(results).toHaveLength(15);
    expect(results[14]).toEqual({
      url: "https://site15.example/page",
      title: "Result 15",
      snippet: "Snippet number 15.",
      rank: 15,
      engine: "google",
    });
  });

  it("sends the lr collection Google has for a language, and none for a language it has none for", async () => {
    const { http, calls } = stub(() => jsonResponse({ kind: "customsearch#search" }));
    const google = new GoogleSearch("k", "cx", http);
    const asked = ["zh", "zh-Hant-HK", "zh-TW", "zh-Hans", "he", "nb-NO", "pt-BR", "en-GB", "ja", "fa", "gsw"];
    for (const language of asked) await google.search({ ...query, language });
    expect(calls.map((call) => call.url.searchParams.get("lr"))).toEqual([
      "lang_zh-CN",
      "lang_zh-TW",
      "lang_zh-TW",
      "lang_zh-CN",
      "lang_iw",
      "lang_no",
      "lang_pt",
      "lang_en",
      "lang_ja",
      null,
      null,
    ]);
  });

  it("returns nothing when there are no items", async () => {
    const { http } = stub(() =>
      jsonResponse({ kind: "customsearch#search", searchInformation: { totalResults: "0" } }),
    );
    expect(await new GoogleSearch("k", "cx", http).search(query)).toEqual([]);
  });

  it("maps quota errors to transient and a bad key to permanent", async () => {
    const googleError = (code: number, reason: string, status: string) =>
      jsonResponse(
        { error: { code, message: "x", errors: [{ message: "x", domain: "usageLimits", reason }], status } },
        code,
      );
    const daily = stub(() => googleError(403, "dailyLimitExceeded", "PERMISSION_DENIED"));
    expect(await failure(new GoogleSearch("k", "cx", daily.http).search(query))).toBeInstanceOf(TransientError);
    const quota = stub(() => googleError(429, "rateLimitExceeded", "RESOURCE_EXHAUSTED"));
    expect(await failure(new GoogleSearch("k", "cx", quota.http).search(query))).toBeInstanceOf(TransientError);
    const badKey = stub(() => googleError(400, "badRequest", "INVALID_ARGUMENT"));
    expect(await failure(new GoogleSearch("k", "cx", badKey.http).search(query))).toBeInstanceOf(PermanentError);
    const denied = stub(() => googleError(403, "forbidden", "PERMISSION_DENIED"));
    expect(await failure(new GoogleSearch("k", "cx", denied.http).search(query))).toBeInstanceOf(PermanentError);
    expect(await failure(new GoogleSearch("k", undefined, denied.http).search(query))).toMatchObject({
      code: "bad_config",
    });
  });
});

describe("transport failures", () => {
  it("maps 5xx, a dropped connection and a timeout to transient errors", async () => {
    const unavailable = stub(
      () => new Response("bad gateway", { status: 502, headers: { "retry-after": "Thu, 26 Nov 2026 12:00:30 GMT" } }),
    );
    const error = await failure(new SearxngSearch("http://s.test", unavailable.http).search(query));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterSeconds).toBe(30);
    const dropped = stub(() => {
      throw new TypeError("Network connection lost.");
    });
    expect(await failure(new BraveSearch("k", dropped.http).search(query))).toMatchObject({
      code: "search_unreachable",
    });
    const slow: SearchHttp = {
      timeoutMs: 5,
      fetch: (_url, init) =>
        new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason))),
    };
    expect(await failure(new GoogleSearch("k", "cx", slow).search(query))).toMatchObject({ code: "search_timeout" });
  });

  it("maps a 200 whose body stalls or breaks off to transient errors, not to an unreadable answer", async () => {
    // The headers arrive, then the body stops: the timeout aborts the read, as a real fetch does.
    const stalls: SearchHttp = {
      timeoutMs: 5,
      fetch: async (_url, init) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"results":['));
              init.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
            },
          }),
          { status: 200, headers: { "content-type": "application/json" } },
        ),
    };
    const stalled = await failure(new SearxngSearch("http://s.test", stalls).search(query));
    expect(stalled).toBeInstanceOf(TransientError);
    expect(stalled).toMatchObject({ code: "search_timeout" });
    const breaks: SearchHttp = {
      fetch: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"web":{"results":['));
              controller.error(new TypeError("Network connection lost."));
            },
          }),
          { status: 200 },
        ),
    };
    expect(await failure(new BraveSearch("k", breaks).search(query))).toMatchObject({ code: "search_unreachable" });
  });

  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:01:00 GMT", now)).toBe(60);
    expect(parseRetryAfter("Thu, 26 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("an answer with a malformed item", () => {
  const good = "https://a.example/x";
  it("keeps the well-formed items of every provider and drops the rest, ranked without gaps", async () => {
    const searxng = stub(() =>
      jsonResponse({
        results: [
          { title: "no url", url: null },
          { url: good, title: "A" },
        ],
      }),
    );
    const brave = stub(() => jsonResponse({ web: { results: [{ url: good, title: "A" }, "not a result"] } }));
    const google = stub(() => jsonResponse({ items: [{ title: "no link" }, { link: good, title: "A" }] }));
    const found = [
      await new SearxngSearch("https://searx.example/", searxng.http).search(query),
      await new BraveSearch("k", brave.http).search(query),
      await new GoogleSearch("k", "cx", google.http).search(query),
    ];
    expect(found.map((results) => results.map((r) => [r.rank, r.url]))).toEqual([
      [[1, good]],
      [[1, good]],
      [[1, good]],
    ]);
  });

  it("is refused only when the answer around the items is not the provider's", async () => {
    const searxng = stub(() => jsonResponse({ results: { url: good } }));
    const brave = stub(() => jsonResponse({ web: { results: "none" } }));
    const google = stub(() => jsonResponse({ items: 3 }));
    for (const search of [
      new SearxngSearch("https://searx.example/", searxng.http).search(query),
      new BraveSearch("k", brave.http).search(query),
      new GoogleSearch("k", "cx", google.http).search(query),
    ]) {
      expect(await failure(search)).toMatchObject({ code: "search_bad_response" });
    }
  });
});

describe("caller-given URLs", () => {
  it("stand in for search results in the caller's order", async () => {
    const results = await new UrlListSearch([" https://a.test/1", "https://b.test/2", "https://c.test/3"]).search({
      keyword: "k",
      limit: 2,
    });
    expect(results).toEqual([
      { url: "https://a.test/1", title: "", snippet: "", rank: 1, engine: "urls" },
      { url: "https://b.test/2", title: "", snippet: "", rank: 2, engine: "urls" },
    ]);
  });
});

describe("a snippet's highlighting markup", () => {
  it("goes, while a lone < stays text instead of swallowing everything up to the next tag's end", () => {
    expect(plainText("Raised <b>bed</b> &amp; <em>soil</em>")).toBe("Raised bed & soil");
    expect(plainText("beds < 30 cm <b>drain</b> well")).toBe("beds < 30 cm drain well");
    expect(plainText("<a".repeat(20_000))).toBe("<a".repeat(20_000));
  });

  it("decodes numeric character references, decimal and hex, and leaves ones that name no character", () => {
    expect(plainText("It&#x27;s <b>easy</b>: Don&#8217;t &#34;dig&#34; &#X2014; &#38;amp;")).toBe(
      'It\'s easy: Don’t "dig" — &amp;',
    );
    expect(plainText("&#0; &#x110000; &#99999999999; &#xD800;")).toBe("&#0; &#x110000; &#99999999999; &#xD800;");
  });
});
