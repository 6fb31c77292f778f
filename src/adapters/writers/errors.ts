import { APICallError, LoadAPIKeyError, RetryError } from "ai";
import { PermanentError, TransientError } from "../../core/errors";
import type { StructuredMode } from "../../core/writing/llm-config";
import { retryAfterMs } from "../retry-after";

/**
 * A provider's answer cut off at the size its `max_tokens` allows (see `capAnswers`): a server that ignores the
 * limit, or a model repeating itself, would otherwise be read whole into the isolate's memory.
 */
export class AnswerTooLarge extends Error {
  override readonly name = "AnswerTooLarge";
  constructor(
    readonly maxBytes: number,
    readonly bytes: number,
  ) {
    super(`the answer was larger than ${maxBytes} bytes`);
  }
}

/** The cut-off answer behind a failed call, when the provider answered 2xx and too much. */
export function oversizedAnswer(error: unknown): AnswerTooLarge | undefined {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (!APICallError.isInstance(cause)) return undefined;
  const status = cause.statusCode ?? 200;
  if (status < 200 || status >= 300) return undefined;
  return cause.cause instanceof AnswerTooLarge ? cause.cause : undefined;
}

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
    // No status is a failure before any answer (a Workers AI binding's own error it has no code for), and a 2xx
    // is an answer whose body broke off or was not the provider's (a proxy's page): the request was fine.
    if (status >= 500 || status === 408 || status === 0 || (status >= 200 && status < 300) || cause.isRetryable) {
      return new TransientError(
        "provider_unavailable",
        `${provider} failed with status ${status || "none"}`,
        retryAfter ?? 10,
      );
    }
    return new PermanentError("provider_rejected", `${provider} rejected the request with status ${status}`);
  }
  if (LoadAPIKeyError.isInstance(cause))
    return new PermanentError("writer_misconfigured", `${provider}: ${cause.message}`);
  if (cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError")) {
    return new TransientError("timeout", `${provider} did not answer in time`, 10);
  }
  if (cause instanceof TypeError) return new TransientError("network_error", `${provider} could not be reached`, 10);
  return cause instanceof Error ? cause : new Error(String(cause));
}

/**
 * Whether the provider itself is at fault for every call, not this one: it refused the credentials (401, 403) or
 * does not serve the model (404, as a decommissioned model answers).
 */
export function providerAtFault(error: unknown): boolean {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (!APICallError.isInstance(cause)) return false;
  return cause.statusCode === 401 || cause.statusCode === 403 || cause.statusCode === 404;
}

/** Whether a typed failure is one provider refusing the call, which another provider may take. */
export function rejectedByProvider(error: unknown): boolean {
  return error instanceof PermanentError && (error.code === "provider_auth" || error.code === "provider_rejected");
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

/**
 * A 400 that is the provider's own check of the model's JSON failing (Groq answers `json_validate_failed`, with
 * what the model wrote in `failed_generation`): the model's output was malformed, the request was fine, so it is
 * asked again and repaired like any malformed answer instead of failing the write as a rejected request.
 */
export function invalidJsonOutput(error: unknown): { text: string } | undefined {
  if (!APICallError.isInstance(error) || error.statusCode !== 400) return undefined;
  const body = error.responseBody ?? "";
  if (!/json_validate_failed|failed to generate json/i.test(`${error.message} ${body.slice(0, 4096)}`))
    return undefined;
  try {
    const text = (JSON.parse(body) as { error?: { failed_generation?: unknown } }).error?.failed_generation;
    return { text: typeof text === "string" ? text.slice(0, 20_000) : "" };
  } catch {
    return { text: "" };
  }
}
