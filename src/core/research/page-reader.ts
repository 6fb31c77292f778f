import { z } from "zod";
import { type CacheScope, extractKey, pageKey } from "../cache/keys";
import { CACHE_TTL } from "../cache/policy";
import { revalidated } from "../cache/revalidated";
import type { Cache, CacheSource, Loaded } from "../ports/cache";
import type { Clock } from "../ports/clock";
import type { FetchOutcome, PageFetcher } from "../ports/fetcher";
import { extractPage } from "./extract";
import { EXTRACTOR_VERSION } from "./extract/version";
import { HeadingSchema, LinkSchema } from "./source-schema";
import { type ExtractedPage, REJECTION_REASONS, type RejectionReason } from "./types";

/** Where a page came from: a cache tier, the origin, or the origin's 304 for the cached copy. */
export type PageSource = CacheSource | "revalidated";

export interface PageRead {
  outcome: FetchOutcome;
  /** The extraction, when the reader made or found one (otherwise the caller extracts). */
  page?: ExtractedPage;
  source: PageSource;
}

/** Reads one page for research: fetched, or from a cache. */
export interface PageReader {
  read(url: string): Promise<PageRead>;
}

/** No cache: every read is a fetch. */
export class FetchingPageReader implements PageReader {
  constructor(private readonly fetcher: PageFetcher) {}

  async read(url: string): Promise<PageRead> {
    return { outcome: await this.fetcher.fetch(url), source: "origin" };
  }
}

const CachedPageSchema = z.object({
  finalUrl: z.string(),
  status: z.number().int(),
  contentType: z.string(),
  html: z.string(),
  fetchedAt: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** Served without asking the origin until then (epoch ms); after it, revalidated. */
  freshUntil: z.number(),
  /** When the cache drops the copy (epoch ms); absent from copies stored before it was recorded. */
  keptUntil: z.number().optional(),
});
type CachedPage = z.infer<typeof CachedPageSchema>;

/**
 * A cached extraction as it is read back. Every field of `ExtractedPage` is named (the `satisfies` fails the build
 * otherwise): an object schema drops keys it does not name, so a field left out would vanish from every cache hit.
 */
const ExtractedPageSchema: z.ZodType<ExtractedPage> = z.object({
  title: z.string(),
  metaDescription: z.string().optional(),
  canonicalUrl: z.string().optional(),
  language: z.string().optional(),
  publishedAt: z.string().optional(),
  siteName: z.string().optional(),
  headings: z.array(HeadingSchema),
  paragraphs: z.array(z.string()),
  lists: z.array(z.array(z.string())),
  text: z.string(),
  wordCount: z.number(),
  links: z.array(LinkSchema),
} satisfies Record<keyof ExtractedPage, z.ZodType>);

/**
 * Refusals the fetcher decides by itself (SSRF guard, robots.txt, the site's AI use preferences): remembered only as
 * long as robots.txt failures, so a site that changes its mind is read again soon. So is a failure the fetcher
 * marks as its own (`local`: its time ran out while it waited for the host's crawl turn).
 */
const LOCAL_REFUSALS: ReadonlySet<RejectionReason> = new Set([
  "ssrf_blocked",
  "invalid_url",
  "blocked_by_robots",
  "ai_use_declined",
]);

/**
 * Failures that say "not now" of a page whose stale copy is kept: the copy is served (stale-if-error) rather than
 * dropped. A refusal, a page gone or changed into something else, drops it.
 */
const TRANSIENT_FAILURES: ReadonlySet<RejectionReason> = new Set(["network_error", "timeout", "http_5xx"]);

export interface CachedPageReaderOptions {
  cache: Cache;
  fetcher: PageFetcher;
  clock: Clock;
  /** `public` for pages search found; the tenant's own scope for URLs a caller gave. */
  scope: CacheScope;
  /** Extractions are cached under this version (default: the extractor's own). */
  extractorVersion?: number;
}

/**
 * Pages through the cache: a fresh copy is served as it is; a stale one is revalidated with its ETag /
 * Last-Modified (a 304 is a hit and refreshes it), and served still when its origin fails for now (a timeout, a
 * network error, a 5xx or 429); a recent failure is served as that failure (a negative entry). Extraction is
 * cached too, keyed by the extractor's version and a hash of the HTML.
 */
export class CachedPageReader implements PageReader {
  constructor(private readonly options: CachedPageReaderOptions) {}

  async read(url: string): Promise<PageRead> {
    const { cache, clock, scope } = this.options;
    const key = await pageKey(scope, url);
    const cached = await cache.get("page", key, CachedPageSchema);
    if (cached.hit && "negative" in cached)
      return { outcome: negativeOutcome(url, cached.negative), source: cached.tier };
    if (cached.hit && cached.value.freshUntil > clock.now()) return this.extracted(url, cached.value, cached.tier);
    const stale = cached.hit ? cached.value : undefined;
    const how: { revalidated: boolean; staleFrom?: PageSource } = { revalidated: false };
    const orStale = (answer: FetchOutcome): Loaded<CachedPage> => {
      if (!stale || answer.ok || !isTransient(answer) || !cached.hit) return this.toLoaded(answer);
      // Stale-if-error: the copy is served and asked for again soon, and kept no longer than it would have been.
      how.staleFrom = cached.tier;
      const now = clock.now();
      const keptUntil = stale.keptUntil ?? stale.freshUntil + (CACHE_TTL.page - CACHE_TTL.pageFresh) * 1000;
      return revalidated({
        value: { ...stale, freshUntil: now + CACHE_TTL.pageStaleIfError * 1000, keptUntil },
        ttlSeconds: Math.max(1, Math.floor((keptUntil - now) / 1000)),
      });
    };
    const served = await cache.loadThrough<CachedPage>("page", key, async () => {
      const { fetcher } = this.options;
      if (stale && fetcher.revalidate && (stale.etag || stale.lastModified)) {
        const answer = await fetcher.revalidate(url, { etag: stale.etag, lastModified: stale.lastModified });
        if (answer.ok !== "not_modified") return orStale(answer);
        how.revalidated = true;
        const now = clock.now();
        return revalidated({
          value: { ...stale, freshUntil: now + CACHE_TTL.pageFresh * 1000, keptUntil: now + CACHE_TTL.page * 1000 },
          ttlSeconds: CACHE_TTL.page,
        });
      }
      return orStale(await fetcher.fetch(url));
    });
    if ("negative" in served) return { outcome: negativeOutcome(url, served.negative), source: served.source };
    return this.extracted(url, served.value, how.staleFrom ?? (how.revalidated ? "revalidated" : served.source));
  }

  private toLoaded(outcome: FetchOutcome): Loaded<CachedPage> {
    if (!outcome.ok) {
      const local = LOCAL_REFUSALS.has(outcome.reason) || outcome.local === true;
      const ttlSeconds = local ? CACHE_TTL.robotsUnavailable : CACHE_TTL.negative;
      return { negative: `${outcome.reason} ${outcome.detail ?? ""}`.trim(), ttlSeconds };
    }
    const page: CachedPage = {
      finalUrl: outcome.finalUrl,
      status: outcome.status,
      contentType: outcome.contentType,
      html: outcome.html,
      fetchedAt: outcome.fetchedAt,
      ...(outcome.etag ? { etag: outcome.etag } : {}),
      ...(outcome.lastModified ? { lastModified: outcome.lastModified } : {}),
      freshUntil: this.options.clock.now() + CACHE_TTL.pageFresh * 1000,
      keptUntil: this.options.clock.now() + CACHE_TTL.page * 1000,
    };
    return { value: page, ttlSeconds: CACHE_TTL.page };
  }

  private async extracted(url: string, cached: CachedPage, source: PageSource): Promise<PageRead> {
    const { cache, scope } = this.options;
    const { freshUntil: _fresh, keptUntil: _kept, ...rest } = cached;
    const outcome: FetchOutcome = { ok: true, url, ...rest };
    const key = await extractKey(
      scope,
      this.options.extractorVersion ?? EXTRACTOR_VERSION,
      cached.finalUrl,
      cached.html,
    );
    try {
      const served = await cache.getOrLoad("extract", key, ExtractedPageSchema, async () => ({
        value: extractPage(cached.html, cached.finalUrl),
        ttlSeconds: CACHE_TTL.extract,
      }));
      return "value" in served ? { outcome, page: served.value, source } : { outcome, source };
    } catch {
      // The caller extracts again and reports the failure as `extraction_failed`.
      return { outcome, source };
    }
  }
}

/** A failure that says "not now": the site's rate limit, a server briefly down, no answer or a broken one. */
function isTransient(outcome: Extract<FetchOutcome, { ok: false }>): boolean {
  return TRANSIENT_FAILURES.has(outcome.reason) || outcome.status === 429;
}

/** A remembered failure as the outcome it was: `<reason> <detail>`. */
function negativeOutcome(url: string, negative: string): FetchOutcome {
  const [reason, ...detail] = negative.split(" ");
  const known = (REJECTION_REASONS as readonly string[]).includes(reason ?? "");
  return {
    ok: false,
    url,
    reason: known ? (reason as RejectionReason) : "network_error",
    detail: `${detail.join(" ") || "failed"} (remembered)`,
  };
}
