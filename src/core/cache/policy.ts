import type { CacheKind, CacheTierName } from "../ports/cache";

/** How long each kind is kept, in seconds, and which tiers keep it. */
export const CACHE_TTL = {
  /** Search results change slowly; hours. */
  search: 6 * 3600,
  /** A search that found nothing, a page that failed: tried again soon. */
  negative: 10 * 60,
  /** robots.txt per origin: a day (RFC 9309 asks for no more than a day). */
  robots: 24 * 3600,
  /** robots.txt that could not be read: everything is disallowed, but only for a minute. */
  robotsUnavailable: 60,
  /** A page is served as it is for this long, then revalidated with its ETag / Last-Modified. */
  pageFresh: 6 * 3600,
  /** A page is kept this long for revalidation. */
  page: 7 * 24 * 3600,
  /** A stale page whose origin briefly failed to answer is served as it is for this long, then asked for again. */
  pageStaleIfError: 10 * 60,
  extract: 7 * 24 * 3600,
  article: 30 * 24 * 3600,
} as const;

/** Articles are also kept in D1: a tenant's next identical request must find them whatever KV's replicas say. */
export function tiersFor(kind: CacheKind): readonly CacheTierName[] {
  return kind === "article" ? ["l1", "l2", "l3"] : ["l1", "l2"];
}
