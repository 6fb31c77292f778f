import { APICallError, RetryError } from "ai";
import { PermanentError, TransientError } from "../../core/errors";
import type { StructuredMode } from "../../core/writing/llm-config";
import { retryAfterMs } from "../retry-after";

const toSeconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000)));

/** A provider failure as the pipeline's typed errors: rate limits, 5xx and timeouts are worth retrying. */
export function toTypedError(error: unknown, provider: string): Error {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode ?? 0;
    const retryAfter = toSeconds(retryAfterMs(cause.responseHeaders?.["retry-after"]));
    if (status === 429)
      return new TransientError("rate_limited", `${provider} rate-limited the call`, retryAfter ?? 30);
    if (status === 401 || status === 403)
      return new PermanentError("provider_auth", `${provider} rejected the credentials`);
    if (status >= 500 || status === 408 || cause.isRetryable) {
      return new TransientError(
        "provider_unavailable",
        `${provider} failed with status ${status || "none"}`,
        retryAfter ?? 10,
      );
    }
    return new PermanentError("provider_rejected", `${provider} rejected the request with status ${status}`);
  }
  if (cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError")) {
    return new TransientError("timeout", `${provider} did not answer in time`, 10);
  }
  if (cause instanceof TypeError) return new TransientError("network_error", `${provider} could not be reached`, 10);
  return cause instanceof Error ? cause : new Error(String(cause));
}

/**
 * Whether a failure is the server refusing the structured-output mode itself: a 400 (or 422) whose message
 * names `response_format` (schema and JSON modes) or tools (tool mode).
 */
export function rejectsMode(error: unknown, mode: StructuredMode): boolean {
  if (!APICallError.isInstance(error)) return false;
  if (error.statusCode !== 400 && error.statusCode !== 422) return false;
  const said = `${error.message} ${error.responseBody ?? ""}`.toLowerCase();
  if (mode === "tool") return /\btool/.test(said);
  return said.includes("response_format") || said.includes(mode);
}
