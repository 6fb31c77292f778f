import { z } from "zod";
import { PermanentError } from "../../core/errors";
import type { SearchPort, SearchQuery } from "../../core/ports/search";
import type { SearchResult } from "../../core/research/types";
import { getJson, plainText, type SearchHttp, wellFormed } from "./http";
import { braveSearchLang } from "./languages";

const ENDPOINT = "https://api.search.brave.com/res/v1/web/search";
/** The Web Search API returns at most 20 results per request. */
const MAX_COUNT = 20;

const BraveResult = z.object({ url: z.string(), title: z.string().nullish(), description: z.string().nullish() });
const BraveResponse = z.object({ web: z.object({ results: z.array(z.unknown()) }).optional() });

/** Brave Search's Web Search API, authenticated with `X-Subscription-Token`. */
export class BraveSearch implements SearchPort {
  readonly name = "brave";
  readonly endpoint = ENDPOINT;

  constructor(
    private readonly apiKey: string | undefined,
    private readonly http: SearchHttp,
  ) {}

  async search(query: SearchQuery): Promise<SearchResult[]> {
    if (!this.apiKey) throw new PermanentError("bad_config", "BRAVE_API_KEY is not set");
    const url = new URL(ENDPOINT);
    url.searchParams.set("q", query.keyword);
    url.searchParams.set("count", String(Math.min(Math.max(query.limit, 1), MAX_COUNT)));
    url.searchParams.set("safesearch", "moderate");
    const searchLang = query.language ? braveSearchLang(query.language) : undefined;
    if (searchLang) url.searchParams.set("search_lang", searchLang);
    const body = await getJson(this.name, this.http, url.href, { "x-subscription-token": this.apiKey }, BraveResponse);
    return wellFormed(body.web?.results ?? [], BraveResult)
      .slice(0, query.limit)
      .map((result, index) => ({
        url: result.url,
        title: plainText(result.title),
        snippet: plainText(result.description),
        rank: index + 1,
        engine: this.name,
      }));
  }
}
