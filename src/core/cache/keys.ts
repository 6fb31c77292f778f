import { normaliseKeyword } from "../jobs/request";

/**
 * Cache keys: the kind first, then everything that changes the answer. Public pages and search results are shared
 * by every tenant (`public`); what a tenant alone asked for (its own URLs, its articles) is under `t:<tenant>`.
 * Long parts are hashed so a key stays under KV's 512 bytes.
 */

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export type CacheScope = "public" | `t:${string}`;

export const tenantScope = (tenantId: string): CacheScope => `t:${tenantId}`;

/**
 * One spelling per URL: lower-case scheme and host, no default port, no fragment, query parameters sorted, and no
 * trailing slash after a path (research already takes `/a/` and `/a` for one page and reads only one of them).
 */
export function canonicalUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    parsed.hash = "";
    parsed.searchParams.sort();
    if (parsed.pathname.length > 1) parsed.pathname = parsed.pathname.replace(/(?<!\/)\/+$/, "") || "/";
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * `search:<provider>:<endpoint hash>:<language>:<count>:<query>`. The endpoint (base URL and what else of the
 * provider's configuration changes its results) is hashed: it may be long or carry credentials. A query too long
 * for a key is its hash after a `#`, which an encoded query never holds: a query that is itself a hash in hex is
 * another key, so no one can search into the results cached for someone else's long query.
 */
export async function searchKey(query: {
  provider: string;
  endpoint?: string;
  keyword: string;
  language?: string;
  limit: number;
}) {
  const keyword = normaliseKeyword(query.keyword);
  const encoded = encodeURIComponent(keyword);
  const part = encoded.length > 200 ? `#${await sha256Hex(keyword)}` : encoded;
  const endpoint = query.endpoint === undefined ? "-" : (await sha256Hex(query.endpoint)).slice(0, 16);
  return `search:${query.provider}:${endpoint}:${query.language ?? "any"}:${query.limit}:${part}`;
}

export function robotsKey(origin: string): string {
  return `robots:${origin.toLowerCase()}`;
}

/** `page:<scope>:<host>:<hash of the canonical URL>`: a host's pages purge by prefix. */
export async function pageKey(scope: CacheScope, url: string): Promise<string> {
  const canonical = canonicalUrl(url);
  let host = "invalid";
  try {
    host = new URL(canonical).host;
  } catch {
    // an unparsable URL is still a key; the fetcher refuses it
  }
  return `page:${scope}:${host}:${(await sha256Hex(canonical)).slice(0, 40)}`;
}

/** Extraction depends on the extractor, the HTML and the URL links resolve against. */
export async function extractKey(scope: CacheScope, extractorVersion: number, url: string, html: string) {
  return `extract:${scope}:v${extractorVersion}:${(await sha256Hex(`${url}\n${html}`)).slice(0, 40)}`;
}

export function articleKey(tenantId: string, hash: string): string {
  return `article:${tenantScope(tenantId)}:${hash}`;
}
