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

/** A thin client for the OptiBlog API: JSON in, JSON out, errors as CliError. */
export function createClient({ url, key, fetchImpl = fetch }) {
  const base = url.replace(/\/+$/, "");

  async function send(method, path, { body, accept = "application/json", headers = {}, signal } = {}) {
    let response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          accept,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new CliError(`cannot reach ${base}: ${networkReason(error)}`, EXIT.unreachable);
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
