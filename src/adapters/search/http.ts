import type { z } from "zod";
import { PermanentError, TransientError } from "../../core/errors";
import { retryAfterMs } from "../retry-after";

export type SearchFetch = (input: string, init: RequestInit) => Promise<Response>;

/** The network a search adapter uses; `fetch` is injected so tests never leave the process. */
export interface SearchHttp {
  fetch: SearchFetch;
  timeoutMs?: number;
  userAgent?: string;
  now?: () => number;
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  const ms = retryAfterMs(value, nowMs);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/**
 * GETs a provider's JSON and checks its shape. Failures become typed errors: a timeout (before or during the body),
 * an unreachable host or a body broken off, 429 and 5xx are transient (with Retry-After when given); 401/403, other
 * 4xx and an unreadable answer are permanent.
 * `classify` lets a provider refine the status mapping from its error body.
 */
export async function getJson<T>(
  provider: string,
  http: SearchHttp,
  url: string,
  headers: Record<string, string>,
  schema: z.ZodType<T>,
  classify?: (status: number, body: unknown) => "transient" | "permanent" | undefined,
): Promise<T> {
  const signal = AbortSignal.timeout(http.timeoutMs ?? 10_000);
  let response: Response;
  try {
    response = await http.fetch(url, {
      method: "GET",
      headers: { accept: "application/json", ...(http.userAgent ? { "user-agent": http.userAgent } : {}), ...headers },
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw new TransientError("search_timeout", `${provider} did not answer in time`);
    throw new TransientError("search_unreachable", `${provider} is unreachable: ${describe(error)}`);
  }
  let text = "";
  try {
    text = await response.text();
  } catch (error) {
    // A body that stalls past the timeout or breaks off is the network's failure, not an unreadable answer;
    // an error status is classified by its status alone.
    if (response.ok) {
      if (signal.aborted) throw new TransientError("search_timeout", `${provider} did not finish answering in time`);
      throw new TransientError("search_unreachable", `${provider} broke off its answer: ${describe(error)}`);
    }
  }
  const body = safeJson(text);
  if (!response.ok) {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"), http.now?.() ?? Date.now());
    const kind =
      classify?.(response.status, body) ??
      (response.status === 429 || response.status >= 500 ? "transient" : "permanent");
    const message = `${provider} answered ${response.status}`;
    if (kind === "transient") throw new TransientError(`search_http_${response.status}`, message, retryAfter);
    throw new PermanentError(`search_http_${response.status}`, message);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new PermanentError("search_bad_response", `${provider} answered in an unexpected shape`);
  return parsed.data;
}

/**
 * The items of an answer's list that have the item's shape, in order. One malformed item (a result without a URL)
 * is dropped rather than the answer: only an answer whose envelope is not the provider's is unreadable.
 */
export function wellFormed<T>(items: readonly unknown[], schema: z.ZodType<T>): T[] {
  const kept: T[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
  }
  return kept;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Snippets arrive with highlighting markup and entities; the research report wants plain text. A tag ends at `>`,
 * or is not one at the next `<`, so a lone `<` stays text and a snippet of unclosed ones costs linear time.
 */
export function plainText(html: string | undefined | null): string {
  return (html ?? "")
    .replace(/<[^<>]*>/g, "")
    .replace(ENTITY, decodeEntity)
    .replace(/\s+/g, " ")
    .trim();
}

const NAMED: Record<string, string> = { quot: '"', apos: "'", lt: "<", gt: ">", nbsp: " ", amp: "&" };
/** The named entities snippets use, and numeric references, decimal or hex; each decoded once, in one pass. */
const ENTITY = /&(?:#(\d{1,8})|#[xX]([\da-fA-F]{1,8})|(quot|apos|lt|gt|nbsp|amp));/g;

function decodeEntity(entity: string, decimal?: string, hex?: string, name?: string): string {
  if (name) return NAMED[name] ?? entity;
  const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? "", 16);
  // No character: NUL, surrogates, past the last code point.
  if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return entity;
  return String.fromCodePoint(code);
}
