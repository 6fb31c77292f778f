import type { SearchResult } from "../research/types";

export interface SearchQuery {
  keyword: string;
  limit: number;
  language?: string;
}

/** Finds candidate pages. Throws TransientError or PermanentError (core/errors) on provider failure. */
export interface SearchPort {
  readonly name: string;
  /**
   * Which configured instance answers: its base URL, and whatever else of its configuration changes the results
   * (a search engine id). Search results are cached by it, so two endpoints of one provider never share answers.
   * A provider without one (a stub, the caller's own URL list) is cached by its name alone.
   */
  readonly endpoint?: string;
  search(query: SearchQuery): Promise<SearchResult[]>;
}
