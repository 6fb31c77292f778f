import type { JobPorts } from "../app/ports";
import { IdempotencyConflict, KeywordBreakerOpen, type SubmittedJob, submitArticleJob } from "../app/submit";
import { sha256Hex } from "../ids";
import { ArticleRequestSchema } from "../jobs/request";
import type { RateDecision } from "../ports/guard";
import { bodyBytes, bodyText, type RawBody, type SignatureScheme, verifyInbound } from "./inbound";
import { mapPayload } from "./mapping";

/** How long a sender is asked to wait when the hook's rate limiter cannot be reached. */
const RATE_UNREACHABLE_RETRY_AFTER_SECONDS = 5;

/** An inbound hook as the intake needs it, its secret opened. */
export interface InboundHook {
  id: string;
  tenantId: string;
  scheme: SignatureScheme;
  secret: string;
  keywordPointer: string;
  defaults: Record<string, unknown>;
}

export interface HookCall {
  /** The body's bytes as they came (a string is taken as its UTF-8). */
  body: RawBody;
  header: (name: string) => string | undefined;
  nowSeconds: number;
  traceId: string;
}

export interface IntakePorts {
  jobs: JobPorts;
  /** Takes one call from the hook's per-minute budget. */
  rateLimit(hookId: string): Promise<RateDecision>;
}

export type HookRejection = {
  status: 401 | 409 | 422 | 429 | 503;
  code: "unauthorized" | "conflict" | "unprocessable-content" | "rate-limited" | "service-unavailable";
  detail: string;
  errors?: { path: string; message: string; code?: string }[];
  retryAfterSeconds?: number;
};

export type HookOutcome = { ok: true; job: SubmittedJob } | ({ ok: false } & HookRejection);

/**
 * One call to an inbound hook: the signature first, so strangers spend nothing; then the replay check, so a
 * replayed call spends nothing either; then the hook's rate; then the payload's mapping; then the job. What makes a call a repeat (its message id, or for
 * GitHub-style hooks, whose signature covers neither the delivery id nor a time, the body's digest) is the
 * job's idempotency key, committed with the job: a call either starts its job and is remembered, or neither.
 */
export async function receiveHookCall(hook: InboundHook, call: HookCall, ports: IntakePorts): Promise<HookOutcome> {
  const verdict = await verifyInbound(hook.scheme, hook.secret, call);
  if (!verdict.ok) return { ok: false, status: 401, code: "unauthorized", detail: verdict.detail };

  // A repeat is answered before the rate is counted: replays of a captured call do not use up the hook's budget.
  const key = await replayKey(hook, call.body, verdict.messageId);
  const repeat: HookOutcome = {
    ok: false,
    status: 409,
    code: "conflict",
    detail:
      hook.scheme === "github"
        ? `This payload was already received (delivery ${verdict.messageId} repeats an accepted body)`
        : `Message ${verdict.messageId} was already received`,
  };
  if (await ports.jobs.keys.find(hook.tenantId, key)) return repeat;

  let rate: RateDecision;
  try {
    rate = await ports.rateLimit(hook.id);
  } catch (error) {
    // The hook's rate cannot be read: the sender is asked to retry, as senders do with a 503.
    ports.jobs.log.warn("hook rate limiter unreachable; call refused", { hookId: hook.id, error: String(error) });
    return {
      ok: false,
      status: 503,
      code: "service-unavailable",
      detail: "The hook's rate limiter could not be reached; try again shortly",
      retryAfterSeconds: RATE_UNREACHABLE_RETRY_AFTER_SECONDS,
    };
  }
  if (!rate.allowed) {
    return {
      ok: false,
      status: 429,
      code: "rate-limited",
      detail: `This hook accepts ${rate.limit} calls per minute`,
      retryAfterSeconds: rate.retryAfterSeconds,
    };
  }

  let payload: unknown;
  try {
    // A leading byte-order mark is part of the signed bytes, not of the JSON.
    payload = JSON.parse(bodyText(call.body).replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, status: 422, code: "unprocessable-content", detail: "The payload is not JSON" };
  }
  const mapped = mapPayload(payload, { keywordPointer: hook.keywordPointer, defaults: hook.defaults });
  if (!mapped.ok) {
    return {
      ok: false,
      status: 422,
      code: "unprocessable-content",
      detail: mapped.detail,
      errors: [{ path: hook.keywordPointer, message: mapped.detail }],
    };
  }
  const request = ArticleRequestSchema.safeParse(mapped.request);
  if (!request.success) {
    return {
      ok: false,
      status: 422,
      code: "unprocessable-content",
      detail: "The hook's defaults and the payload's keyword do not make a valid article request",
      errors: request.error.issues.map((issue) => ({
        path: issue.path.map(String).join(".") || "(request)",
        message: issue.message,
        code: issue.code,
      })),
    };
  }

  try {
    const job = await submitArticleJob(ports.jobs, hook.tenantId, request.data, {
      origin: "hook",
      traceId: call.traceId,
      idempotencyKey: key,
    });
    return { ok: true, job };
  } catch (error) {
    // A concurrent call with the same key and another body won the race.
    if (error instanceof IdempotencyConflict) return repeat;
    if (error instanceof KeywordBreakerOpen) {
      return {
        ok: false,
        status: 503,
        code: "service-unavailable",
        detail: error.message,
        retryAfterSeconds: error.retryAfterSeconds,
      };
    }
    throw error;
  }
}

/** The idempotency keys of a hook's calls all start with this, so they can be found (and pruned) together. */
export const HOOK_KEY_PREFIX = "hook:";

/** The idempotency key that makes a repeat of this call a conflict. */
async function replayKey(hook: InboundHook, body: RawBody, messageId: string): Promise<string> {
  const what = hook.scheme === "github" ? `sha256:${await sha256Hex(bodyBytes(body))}` : `id:${messageId}`;
  return `${HOOK_KEY_PREFIX}${hook.id}:${what}`;
}
