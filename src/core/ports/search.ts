import type { SearchResult } from "../research/types";

export interface SearchQuery {
  keyword: string;
  limit: number;
  language?: string;
}

/** Finds candidate pages. Throws TransientError or PermanentError (core/errors) on provider failure. */
export interface SearchPort {
  readonly name: string;
  search(query: SearchQuery): Promise<SearchResult[]>;
}
