import type { SearchResult, Source } from "./types";

/** Query parameters that only track a click; two URLs differing in them are the same page. */
const TRACKING_PARAMS = new Set(["fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "igshid"]);
const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

/**
 * The identity of a page for de-duplication: scheme and host case, default ports, fragments, tracking parameters
 * and a trailing slash do not make a different page. `http` and `https` are folded together too, since search
 * engines list both forms of one page. Returns undefined for anything that is not an http(s) URL.
 */
export function canonicalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (!DEFAULT_PORTS[url.protocol]) return undefined;
  const host = url.hostname
    .toLowerCase()
    .replace(/(?<!\.)\.+$/, "")
    .replace(/^www\./, "");
  const port = url.port && url.port !== DEFAULT_PORTS[url.protocol] ? `:${url.port}` : "";
  const params = [...url.searchParams]
    .filter(([key]) => !isTracking(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
  const path = url.pathname.replace(/(?<!\/)\/+$/, "") || "";
  return `${host}${port}${path}${query}`;
}

function isTracking(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.startsWith("utm_") || TRACKING_PARAMS.has(lower);
}

/**
 * A bare domain from what a caller typed: "https://WWW.Example.com/x" → "example.com"; "" when it is none. It is
 * read as the host of a URL is, so a domain typed in its own letters ("bücher.de") or full-width compares with the
 * hosts of results, which URLs give in their ASCII form ("xn--bcher-kva.de").
 */
export function normaliseDomain(input: string): string {
  const trimmed = input.trim().toLowerCase();
  const bare = /^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `http://${trimmed.replace(/^\*\./, "")}`;
  return (safeHost(bare) ?? "")
    .replace(/^\*\./, "")
    .replace(/^www\./, "")
    .replace(/(?<!\.)\.+$/, "");
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** True when `host` is `domain` or one of its subdomains (never a look-alike such as "notexample.com"). */
export function isWithinDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/(?<!\.)\.+$/, "");
  return h === domain || h.endsWith(`.${domain}`);
}

export interface Candidates {
  kept: SearchResult[];
  excluded: SearchResult[];
  duplicates: SearchResult[];
  /** Results that are no http(s) URL (`magnet:`, `ftp://`, a relative path): no page this stage could read. */
  unreadable: SearchResult[];
}

/**
 * Drops results on excluded domains (subdomains included), results that are no http(s) URL and later duplicates of a
 * page; re-ranks what is left. Kept, a result no fetch can read took one of the `maxSources` places a page could have.
 */
export function selectCandidates(results: SearchResult[], excludeDomains: string[] = []): Candidates {
  const domains = excludeDomains.map(normaliseDomain).filter(Boolean);
  const seen = new Set<string>();
  const out: Candidates = { kept: [], excluded: [], duplicates: [], unreadable: [] };
  for (const result of [...results].sort((a, b) => a.rank - b.rank)) {
    const host = safeHost(result.url);
    if (host && domains.some((domain) => isWithinDomain(host, domain))) {
      out.excluded.push(result);
      continue;
    }
    const key = canonicalUrl(result.url);
    if (key === undefined) {
      out.unreadable.push(result);
      continue;
    }
    if (seen.has(key)) {
      out.duplicates.push(result);
      continue;
    }
    seen.add(key);
    out.kept.push({ ...result, rank: out.kept.length + 1 });
  }
  return out;
}

/**
 * Sources read as pages another source already is: two results whose redirects end at one page (an old address and
 * its new one, `http` and `https`) were both `ok`, so the article could cite one page as two sources. The first
 * (best-ranked) keeps the page; a later `ok` copy becomes `invalid` with the reason `duplicate`, naming the source it
 * repeats.
 */
export function markSamePages(sources: Source[]): Source[] {
  const firstRead = new Map<string, number>();
  return sources.map((source) => {
    if (source.status === "failed") return source;
    const key = canonicalUrl(source.finalUrl ?? source.url);
    if (key === undefined) return source;
    const first = firstRead.get(key);
    if (first === undefined) {
      firstRead.set(key, source.id);
      return source;
    }
    if (source.status !== "ok") return source;
    return { ...source, status: "invalid", reason: "duplicate", detail: `the same page as source ${first}` };
  });
}
