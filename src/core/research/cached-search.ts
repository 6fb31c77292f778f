import { z } from "zod";
import { searchKey } from "../cache/keys";
import { CACHE_TTL } from "../cache/policy";
import type { Cache, CacheSource } from "../ports/cache";
import type { SearchPort, SearchQuery } from "../ports/search";
import type { SearchResult } from "./types";

const SearchResultsSchema = z.array(
  z.object({
    url: z.string(),
    title: z.string(),
    snippet: z.string(),
    rank: z.number(),
    engine: z.string(),
  }),
);

/**
 * A search provider behind the cache, keyed by provider and endpoint, query, language and result count. A provider failure
 * is not cached (it throws as before); an empty answer is kept only as long as a negative entry.
 */
export class CachedSearch implements SearchPort {
  readonly name: string;
  readonly endpoint: string | undefined;
  /** Where the last answer came from. */
  lastSource: CacheSource = "origin";

  constructor(
    private readonly inner: SearchPort,
    private readonly cache: Cache,
  ) {
    this.name = inner.name;
    this.endpoint = inner.endpoint;
  }

  async search(query: SearchQuery): Promise<SearchResult[]> {
    const { keyword, limit, language } = query;
    const key = await searchKey({ provider: this.inner.name, endpoint: this.inner.endpoint, keyword, limit, language });
    const served = await this.cache.getOrLoad("search", key, SearchResultsSchema, async () => {
      const results = await this.inner.search(query);
      return { value: results, ttlSeconds: results.length ? CACHE_TTL.search : CACHE_TTL.negative };
    });
    this.lastSource = served.source;
    return "value" in served ? served.value : [];
  }
}
