import { z } from "zod";
import { PermanentError, TransientError } from "../../core/errors";
import type { SearchPort, SearchQuery } from "../../core/ports/search";
import type { SearchResult } from "../../core/research/types";
import { getJson, plainText, type SearchHttp, wellFormed } from "./http";

const SearxngResult = z.object({
  url: z.string(),
  title: z.string().nullish(),
  content: z.string().nullish(),
  engine: z.string().nullish(),
});
const SearxngResponse = z.object({
  results: z.array(z.unknown()),
  unresponsive_engines: z.array(z.unknown()).optional(),
});

/** A SearXNG instance through its JSON API (`format=json` must be enabled in the instance's settings). */
export class SearxngSearch implements SearchPort {
  readonly name = "searxng";
  /** The instance's base URL, with a trailing slash: each instance has its own engines and settings. */
  readonly endpoint: string;
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly http: SearchHttp,
  ) {
    try {
      this.base = new URL(baseUrl);
    } catch {
      throw new PermanentError("bad_config", "SEARXNG_URL is not a URL");
    }
    this.endpoint = this.base.href.endsWith("/") ? this.base.href : `${this.base.href}/`;
  }

  async search(query: SearchQuery): Promise<SearchResult[]> {
    const url = new URL("search", this.endpoint);
    url.searchParams.set("q", query.keyword);
    url.searchParams.set("format", "json");
    url.searchParams.set("pageno", "1");
    url.searchParams.set("safesearch", "1");
    if (query.language) url.searchParams.set("language", query.language);
    const body = await getJson(this.name, this.http, url.href, {}, SearxngResponse);
    if (body.results.length === 0 && (body.unresponsive_engines?.length ?? 0) > 0) {
      throw new TransientError("search_unavailable", "searxng: every engine failed to answer");
    }
    return wellFormed(body.results, SearxngResult)
      .slice(0, query.limit)
      .map((result, index) => ({
        url: result.url,
        title: plainText(result.title),
        snippet: plainText(result.content),
        rank: index + 1,
        engine: result.engine ? `searxng:${result.engine}` : "searxng",
      }));
  }
}
