import type { SubmittedJob } from "../../core/app/submit";
import { type ArticleRequest, ArticleRequestSchema } from "../../core/jobs/request";
import { verifyInbound } from "../../core/webhooks/inbound";
import { mapPayload } from "../../core/webhooks/mapping";
import type { HookDirectory, ResolvedHook } from "../storage/webhooks-hooks";

export interface HookCall {
  body: string;
  header: (name: string) => string | undefined;
  nowSeconds: number;
}

export type HookRejection = {
  status: 401 | 409 | 422;
  code: "unauthorized" | "conflict" | "unprocessable-content";
  detail: string;
  errors?: { path: string; message: string; code?: string }[];
};

export type HookOutcome = { ok: true; job: SubmittedJob } | ({ ok: false } & HookRejection);

export type StartJob = (hook: ResolvedHook, request: ArticleRequest) => Promise<SubmittedJob>;

/**
 * One signed call to an inbound hook: signature, then the payload's mapping, then the replay check, then the
 * job. The message id is remembered only once everything else passed, and forgotten again if the job could not
 * be started, so a sender's retry of a failed call is not mistaken for a replay.
 */
export async function receiveHookCall(
  hook: ResolvedHook,
  call: HookCall,
  deps: { directory: HookDirectory; startJob: StartJob },
): Promise<HookOutcome> {
  const verdict = await verifyInbound(hook.scheme, hook.secret, call);
  if (!verdict.ok) return { ok: false, status: 401, code: "unauthorized", detail: verdict.detail };

  let payload: unknown;
  try {
    payload = JSON.parse(call.body);
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

  if (!(await deps.directory.remember(hook.id, verdict.messageId))) {
    return { ok: false, status: 409, code: "conflict", detail: `Message ${verdict.messageId} was already received` };
  }
  try {
    return { ok: true, job: await deps.startJob(hook, request.data) };
  } catch (error) {
    await deps.directory.forget(hook.id, verdict.messageId);
    throw error;
  }
}
