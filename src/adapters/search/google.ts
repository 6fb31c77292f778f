import { z } from "zod";
import { PermanentError } from "../../core/errors";
import type { SearchPort, SearchQuery } from "../../core/ports/search";
import type { SearchResult } from "../../core/research/types";
import { getJson, type SearchHttp, wellFormed } from "./http";
import { googleLanguageRestrict } from "./languages";

const ENDPOINT = "https://customsearch.googleapis.com/customsearch/v1";
/** The Custom Search JSON API pages by ten (`num` ≤ 10, `start` 1-based). */
const PAGE = 10;
const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "quotaExceeded"]);

const GoogleItem = z.object({ link: z.string(), title: z.string().nullish(), snippet: z.string().nullish() });
const GoogleResponse = z.object({ items: z.array(z.unknown()).optional() });

const GoogleError = z.object({
  error: z.object({ errors: z.array(z.object({ reason: z.string().optional() })).optional() }),
});

/** Google Programmable Search through the Custom Search JSON API (API key + search engine id `cx`). */
export class GoogleSearch implements SearchPort {
  readonly name = "google";
  /** The search engine (`cx`) decides which sites are searched: another engine is another answer. */
  readonly endpoint: string;

  constructor(
    private readonly key: string | undefined,
    private readonly cx: string | undefined,
    private readonly http: SearchHttp,
  ) {
    this.endpoint = `${ENDPOINT}?cx=${encodeURIComponent(cx ?? "")}`;
  }

  async search(query: SearchQuery): Promise<SearchResult[]> {
    if (!this.key || !this.cx)
      throw new PermanentError("bad_config", "GOOGLE_CSE_KEY and GOOGLE_CSE_CX must both be set");
    const results: SearchResult[] = [];
    for (let start = 1; results.length < query.limit; start += PAGE) {
      const items = await this.page(query, start, Math.min(PAGE, query.limit - results.length));
      for (const item of wellFormed(items, GoogleItem)) {
        results.push({
          url: item.link,
          title: item.title ?? "",
          snippet: (item.snippet ?? "").replace(/\s+/g, " ").trim(),
          rank: results.length + 1,
          engine: this.name,
        });
      }
      // A short page is the last, however many of its items were well-formed.
      if (items.length < PAGE) break;
    }
    return results.slice(0, query.limit);
  }

  private async page(query: SearchQuery, start: number, num: number) {
    const url = new URL(ENDPOINT);
    url.searchParams.set("key", this.key ?? "");
    url.searchParams.set("cx", this.cx ?? "");
    url.searchParams.set("q", query.keyword);
    url.searchParams.set("num", String(num));
    url.searchParams.set("start", String(start));
    url.searchParams.set("safe", "active");
    const restrict = query.language ? googleLanguageRestrict(query.language) : undefined;
    if (restrict) url.searchParams.set("lr", restrict);
    const body = await getJson(this.name, this.http, url.href, {}, GoogleResponse, classifyGoogleError);
    return body.items ?? [];
  }
}

/** Google answers quota exhaustion with 403 and a reason; that is a wait, not a bad key. */
function classifyGoogleError(status: number, body: unknown): "transient" | "permanent" | undefined {
  if (status !== 403) return undefined;
  const parsed = GoogleError.safeParse(body);
  const reasons = parsed.success ? (parsed.data.error.errors ?? []).map((e) => e.reason ?? "") : [];
  return reasons.some((reason) => RATE_REASONS.has(reason)) ? "transient" : "permanent";
}
