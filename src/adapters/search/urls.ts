import type { SearchPort, SearchQuery } from "../../core/ports/search";
import type { SearchResult } from "../../core/research/types";

/** The caller's own list of pages, in the caller's order, standing in for a search. */
export class UrlListSearch implements SearchPort {
  readonly name = "urls";

  constructor(private readonly urls: string[]) {}

  async search(query: SearchQuery): Promise<SearchResult[]> {
    return this.urls.slice(0, query.limit).map((url, index) => ({
      url: url.trim(),
      title: "",
      snippet: "",
      rank: index + 1,
      engine: this.name,
    }));
  }
}
