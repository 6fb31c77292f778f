import type { RejectionReason } from "../research/types";

/** One page fetch: the decoded HTML, or the typed reason it was not fetched. */
export type FetchOutcome =
  | { ok: true; url: string; finalUrl: string; status: number; contentType: string; html: string; fetchedAt: string }
  | { ok: false; url: string; reason: RejectionReason; detail?: string; status?: number };

/** Fetches web pages safely and politely. Never throws: every failure is a FetchOutcome with a reason. */
export interface PageFetcher {
  fetch(url: string): Promise<FetchOutcome>;
}
