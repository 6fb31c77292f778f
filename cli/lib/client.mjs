import { randomUUID } from "node:crypto";
import { CliError, EXIT } from "./errors.mjs";

/** Why a fetch never reached the server, in words a person can act on. */
function networkReason(error) {
  const code = error?.cause?.code ?? error?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND") return "host not found";
  if (code === "ECONNRESET") return "connection reset";
  if (error?.name === "TimeoutError") return "timed out";
  return error?.cause?.message ?? error?.message ?? "network error";
}

const isJson = (response) => /[/+]json\b/i.test(response.headers.get("content-type") ?? "");

/** An answer that is not the API's (an HTML page, a proxy's error): summarised, never printed raw. */
function notTheApi(base, response) {
  const type = (response.headers.get("content-type") ?? "").split(";")[0].trim() || "no content type";
  return new CliError(
    `${base} answered ${response.status} ${response.statusText} with ${type}, not the OptiBlog API: check --url`.replace(
      /\s+/g,
      " ",
    ),
    EXIT.unreachable,
  );
}

async function problemOf(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

/** Maps an unsuccessful response to the CLI's error vocabulary (exit codes 3, 4 and 5). */
export async function responseError(response) {
  const problem = await problemOf(response);
  const detail = problem.detail ?? problem.title ?? response.statusText;
  if (response.status === 401 || response.status === 403) {
    return new CliError(`the API key was rejected (${response.status})`, EXIT.auth);
  }
  if (response.status === 400 || response.status === 409 || response.status === 422) {
    const fields = (problem.errors ?? []).map((e) => `${e.path}: ${e.message}`);
    return new CliError(`the request was rejected (${response.status}): ${detail}`, EXIT.rejected, fields);
  }
  if (response.status === 404) return new CliError(`not found (404): ${detail}`, EXIT.rejected);
  const retry = response.headers.get("retry-after");
  const suffix = retry ? ` (retry after ${retry}s)` : "";
  return new CliError(`the server answered ${response.status}: ${detail}${suffix}`, EXIT.unreachable);
}

/** Answers worth asking again: the server or a proxy in front of it is busy or briefly away. */
const RETRYABLE = new Set([429, 502, 503, 504]);
/** The longest wait for one retry: a Retry-After asking for more is answered as an error instead. */
const MAX_WAIT_SECONDS = 30;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds a Retry-After asks for (delta-seconds or an HTTP-date), or undefined. */
function retryAfterSeconds(value, now = Date.now()) {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * A thin client for the OptiBlog API: JSON in, JSON out, errors as CliError. A call that does not reach the server
 * or is answered 429, 502, 503 or 504 is made again (`attempts` in all, after Retry-After up to 30 s, else 1 s, 2 s,
 * …); a POST carries one Idempotency-Key over all its tries, so a retry never starts a second job or batch.
 */
export function createClient({ url, key, fetchImpl = fetch, attempts = 3, sleep = pause }) {
  const base = url.replace(/\/+$/, "");

  async function send(method, path, { body, accept = "application/json", headers = {}, signal } = {}) {
    const idempotency = method === "POST" && !headers["idempotency-key"] ? { "idempotency-key": randomUUID() } : {};
    let response;
    for (let attempt = 1; ; attempt++) {
      let wait;
      response = undefined;
      try {
        response = await fetchImpl(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            accept,
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
            ...idempotency,
            ...headers,
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal,
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        if (attempt >= attempts) throw new CliError(`cannot reach ${base}: ${networkReason(error)}`, EXIT.unreachable);
        wait = 2 ** (attempt - 1);
      }
      if (response && wait === undefined) {
        if (!RETRYABLE.has(response.status) || attempt >= attempts) break;
        wait = retryAfterSeconds(response.headers.get("retry-after")) ?? 2 ** (attempt - 1);
        if (wait > MAX_WAIT_SECONDS) break;
        await response.body?.cancel();
      }
      await sleep(wait * 1000);
    }
    const wantsJson = accept === "application/json";
    if (!isJson(response) && (!response.ok || wantsJson)) throw notTheApi(base, response);
    if (!response.ok) throw await responseError(response);
    return response;
  }

  return {
    send,
    async json(method, path, body) {
      return (await send(method, path, { body })).json();
    },
    async text(path, accept) {
      return (await send("GET", path, { accept })).text();
    },
  };
}
