import { APICallError, RetryError } from "ai";
import { PermanentError, TransientError } from "../../core/errors";

function retryAfterSeconds(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.["retry-after"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

/** A provider failure as the pipeline's typed errors: rate limits, 5xx and timeouts are worth retrying. */
export function toTypedError(error: unknown, provider: string): Error {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode ?? 0;
    const retryAfter = retryAfterSeconds(cause.responseHeaders);
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
