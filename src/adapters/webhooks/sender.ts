import { Webhook } from "standardwebhooks";
import type { OutgoingWebhook, SendOutcome, WebhookSender } from "../../core/ports/webhooks";
import { checkUrl } from "../../core/research/ssrf";
import { traceparent } from "../../core/webhooks/traceparent";
import { retryAfterMs } from "../retry-after";
import { inChildSpan, traceparentFor } from "../telemetry/spans";

export interface SenderDeps {
  fetch: typeof fetch;
  allowHosts: Set<string>;
  timeoutMs: number;
  now: () => Date;
}

const USER_AGENT = "OptiBlog-Edge-Webhooks/1";

/** The deliver stage's sender: Standard Webhooks signatures over `fetch`, behind the SSRF guard. */
export function webhookSender(deps: SenderDeps): WebhookSender {
  return { timeoutMs: deps.timeoutMs, send: (message) => sendWebhook(message, deps) };
}

/**
 * One signed POST of a delivery, as the Standard Webhooks spec describes it, in a client span of its own (the
 * receiver's `traceparent` names that span when tracing is on): one span per attempt, with its outcome.
 */
export function sendWebhook(message: OutgoingWebhook, deps: SenderDeps): Promise<SendOutcome> {
  return inChildSpan(
    "webhook delivery",
    { kind: "client", attributes: { "webhook.id": message.id, "server.address": hostOf(message.url) } },
    () => post(message, deps),
    (outcome) => ({
      "webhook.outcome": outcome.ok ? "delivered" : outcome.retryable ? "retry" : "refused",
      ...(outcome.statusCode === undefined ? {} : { "http.response.status_code": outcome.statusCode }),
    }),
  );
}

async function post(message: OutgoingWebhook, deps: SenderDeps): Promise<SendOutcome> {
  // Checked again at send time: the allowlist may have changed since the endpoint was registered.
  const check = checkUrl(message.url, deps.allowHosts);
  if (!check.ok) return { ok: false, error: `URL refused: ${check.detail}`, retryable: false };

  const sentAt = deps.now();
  // During a rotation's grace period both secrets sign, space-separated as the spec allows: a receiver still on
  // the old secret verifies as well as one already on the new.
  const signature = [message.secret, message.previousSecret]
    .filter((secret) => secret !== undefined)
    .map((secret) => new Webhook(secret).sign(message.id, sentAt, message.payload))
    .join(" ");
  try {
    const response = await deps.fetch(check.url.toString(), {
      method: "POST",
      // A redirect could lead anywhere, including past the SSRF guard: a 3xx is a failed attempt.
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message.id,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": signature,
        traceparent: traceparentFor(message.traceId) ?? traceparent(message.traceId),
      },
      body: message.payload,
    });
    const status = response.status;
    // The answer is its status: a body that fails while it is discarded does not undo a 2xx.
    await response.body?.cancel().catch(() => {});
    if (status >= 200 && status < 300) return { ok: true, statusCode: status };
    if (status === 410) {
      return { ok: false, statusCode: status, error: "receiver answered HTTP 410 Gone", retryable: false, gone: true };
    }
    const retryAfter =
      status === 429 || status === 503
        ? retryAfterMs(response.headers.get("retry-after"), sentAt.getTime())
        : undefined;
    return {
      ok: false,
      statusCode: status,
      error: `receiver answered HTTP ${status}`,
      retryable: true,
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: Math.ceil(retryAfter / 1000) }),
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      ok: false,
      error: timedOut ? `no answer within ${deps.timeoutMs} ms` : `request failed: ${describe(error)}`,
      retryable: true,
    };
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : "";
}
