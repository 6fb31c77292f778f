import type { RejectionReason } from "../research/types";

/** One page fetch: the decoded HTML, or the typed reason it was not fetched. */
export type FetchOutcome =
  | {
      ok: true;
      url: string;
      finalUrl: string;
      status: number;
      contentType: string;
      html: string;
      fetchedAt: string;
      /** The validators the server sent, for a later conditional request. */
      etag?: string;
      lastModified?: string;
    }
  | {
      ok: false;
      url: string;
      reason: RejectionReason;
      detail?: string;
      status?: number;
      /** The failure is this crawler's own (its time ran out waiting for the host's crawl turn), not the site's. */
      local?: true;
    };

export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The server's 304: the copy the validators came from is still current. */
export interface NotModified {
  ok: "not_modified";
  url: string;
  finalUrl: string;
  etag?: string;
  lastModified?: string;
}

/** Fetches web pages safely and politely. Never throws: every failure is a FetchOutcome with a reason. */
export interface PageFetcher {
  fetch(url: string): Promise<FetchOutcome>;
  /** A conditional GET (`If-None-Match`, `If-Modified-Since`): a 304 is NotModified, anything else as `fetch`. */
  revalidate?(url: string, validators: Validators): Promise<FetchOutcome | NotModified>;
}
