import { describe, expect, it } from "vitest";
import { GoogleSearch } from "../../src/adapters/search/google";
import type { SearchHttp } from "../../src/adapters/search/http";
import { SearxngSearch } from "../../src/adapters/search/searxng";
import { CachedSearch } from "../../src/core/research/cached-search";
import { cacheWorld } from "./cache-helpers";

/** Two search instances on one fake network: each answers with its own host in the result's URL. */
function network() {
  const calls: string[] = [];
  const http: SearchHttp = {
    fetch: async (input) => {
      const url = new URL(input);
      calls.push(url.href);
      const from = url.searchParams.get("cx") ?? url.host;
      const results = [{ url: `https://${from}.example/page`, title: from, content: "" }];
      const body = url.pathname.endsWith("/customsearch/v1")
        ? { items: results.map((r) => ({ link: r.url, title: r.title, snippet: "" })) }
        : { results };
      return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    },
  };
  return { http, calls };
}

const query = { keyword: "raised bed soil", limit: 5, language: "en" };

describe("search results in the cache", () => {
  it("keeps the answers of two endpoints of one provider apart", async () => {
    const { cache } = cacheWorld();
    const { http, calls } = network();
    const one = new CachedSearch(new SearxngSearch("https://one.test/searx", http), cache);
    const two = new CachedSearch(new SearxngSearch("https://two.test/searx", http), cache);
    expect((await one.search(query))[0]?.url).toBe("https://one.test.example/page");
    expect((await two.search(query))[0]?.url).toBe("https://two.test.example/page");
    expect(two.lastSource).toBe("origin");
    expect(calls).toHaveLength(2);
    // each endpoint's answer is now cached under its own key
    expect((await one.search(query))[0]?.url).toBe("https://one.test.example/page");
    expect((await two.search(query))[0]?.url).toBe("https://two.test.example/page");
    expect([one.lastSource, two.lastSource]).toEqual(["l1", "l1"]);
    expect(calls).toHaveLength(2);
  });

  it("shares one endpoint's answers whichever way its base URL is spelled", async () => {
    const { cache } = cacheWorld();
    const { http, calls } = network();
    await new CachedSearch(new SearxngSearch("https://one.test/searx", http), cache).search(query);
    const again = new CachedSearch(new SearxngSearch("https://ONE.test:443/searx/", http), cache);
    await again.search(query);
    expect(again.lastSource).toBe("l1");
    expect(calls).toHaveLength(1);
  });

  it("keeps the answers of two search engines (cx) of one key apart", async () => {
    const { cache } = cacheWorld();
    const { http, calls } = network();
    const gardens = new CachedSearch(new GoogleSearch("key", "gardens", http), cache);
    const kitchens = new CachedSearch(new GoogleSearch("key", "kitchens", http), cache);
    expect((await gardens.search(query))[0]?.url).toBe("https://gardens.example/page");
    expect((await kitchens.search(query))[0]?.url).toBe("https://kitchens.example/page");
    expect(calls).toHaveLength(2);
  });

  it("keys by language and result count too", async () => {
    const { cache } = cacheWorld();
    const { http, calls } = network();
    const search = new CachedSearch(new SearxngSearch("https://one.test/", http), cache);
    await search.search(query);
    await search.search({ ...query, language: "de" });
    await search.search({ ...query, limit: 6 });
    await search.search({ ...query, keyword: "  Raised  BED soil " });
    expect(calls).toHaveLength(3);
  });
});
