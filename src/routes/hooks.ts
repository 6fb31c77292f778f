import { createRoute, z } from "@hono/zod-openapi";
import { traceIdFrom } from "../core/jobs/trace";
import { receiveHookCall } from "../core/webhooks/intake";
import { isPointer } from "../core/webhooks/pointer";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { requestTraceparent } from "../http/trace";
import {
  CreatedHookSchema,
  HookDefaultsSchema,
  HookJobSchema,
  HookSchema,
  json,
  pathId,
  withUrl,
} from "./webhook-schemas";
import { refuseUnsafeWebhookUrl } from "./webhook-url";

const tags = ["Inbound hooks"];

/** The challenge of a refused hook call, per signature scheme: the headers its signature travels in. */
const SIGNATURE_CHALLENGE = {
  standard: 'Signature realm="hook", headers="webhook-id webhook-timestamp webhook-signature"',
  github: 'Signature realm="hook", headers="x-hub-signature-256 x-github-delivery"',
} as const;
const security = bearerSecurity;

/** The tenant's inbound hooks (authenticated, under /v1). */
export function hookRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/hooks",
        tags,
        security,
        summary: "Create an inbound hook",
        description:
          "A signed POST to the returned `url` starts an article job: the keyword is read from the payload at `keywordPointer` (RFC 6901), everything else comes from `defaults`. `scheme` picks the signature check: `standard` (Standard Webhooks headers, timestamps within 5 minutes) or `github` (`X-Hub-Signature-256: sha256=<hex HMAC of the raw body>` with a delivery id header, `X-GitHub-Delivery`). Each message id is accepted once.",
        request: {
          body: {
            required: true,
            ...json(
              z
                .object({
                  keywordPointer: z
                    .string()
                    .max(500)
                    .refine(isPointer, "an RFC 6901 JSON pointer such as /issue/title")
                    .openapi({ example: "/issue/title" }),
                  scheme: z.enum(["standard", "github"]).default("standard"),
                  defaults: HookDefaultsSchema.optional().openapi({ example: { maxAttempts: 2, seoThreshold: 70 } }),
                  description: z.string().trim().max(200).optional(),
                })
                .strict(),
            ),
          },
        },
        responses: { 201: { description: "Created", ...json(CreatedHookSchema) }, ...problemResponses(400, 401, 429) },
      }),
      async (c) => {
        const body = c.req.valid("json");
        refuseUnsafeWebhookUrl(c, body.defaults?.webhookUrl, "defaults.webhookUrl");
        // The raw input is stored, not the parsed one, so later changes to option defaults still apply.
        const raw = ((await c.req.json()) as { defaults?: Record<string, unknown> }).defaults ?? {};
        const created = await c
          .get("edge")
          .hooks(c.get("tenant").id)
          .create({ ...body, defaults: raw });
        return c.json({ ...withUrl(created.hook), secret: created.secret }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/hooks",
        tags,
        security,
        summary: "List inbound hooks",
        responses: {
          200: { description: "Hooks", ...json(z.object({ data: z.array(HookSchema) })) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json({ data: (await c.get("edge").hooks(c.get("tenant").id).list()).map(withUrl) }, 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/hooks/{id}",
        tags,
        security,
        summary: "One inbound hook",
        request: { params: z.object({ id: pathId("id") }) },
        responses: { 200: { description: "Hook", ...json(HookSchema) }, ...problemResponses(401, 404, 429) },
      }),
      async (c) => {
        const hook = await c.get("edge").hooks(c.get("tenant").id).get(c.req.valid("param").id);
        if (!hook) throw new ProblemError(404, "not-found", "No such hook");
        return c.json(withUrl(hook), 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/hooks/{id}",
        tags,
        security,
        summary: "Delete an inbound hook",
        request: { params: z.object({ id: pathId("id") }) },
        responses: { 204: { description: "Deleted" }, ...problemResponses(401, 404, 429) },
      }),
      async (c) => {
        const removed = await c.get("edge").hooks(c.get("tenant").id).remove(c.req.valid("param").id);
        if (!removed) throw new ProblemError(404, "not-found", "No such hook");
        return c.body(null, 204);
      },
    );
}

/** `POST /hooks/{hookId}`: no API key, the hook's signature is the credential. Mounted outside /v1. */
export function hookInboxRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "post",
      path: "/hooks/{hookId}",
      tags,
      security: [],
      summary: "Trigger an article from a signed webhook",
      description:
        "Send any JSON payload signed for the hook's scheme. `standard`: `webhook-id`, `webhook-timestamp` (within 5 minutes) and `webhook-signature` headers. `github`: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` and a unique delivery id in `X-GitHub-Delivery`. A message id is accepted once (a replay is 409). A `traceparent` header continues the caller's trace.",
      request: {
        params: z.object({
          hookId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "hookId", in: "path" }, example: "hook_mh3k2a9Xf3kQ0aZb7c1d" }),
        }),
      },
      responses: {
        202: {
          description: "The job was started",
          ...json(HookJobSchema),
        },
        ...problemResponses(401, 404, 409, 413, 422, 429, 503),
      },
    }),
    async (c) => {
      const { hookId } = c.req.valid("param");
      const edge = c.get("edge");
      const hook = await edge.hookDirectory().resolve(hookId);
      if (!hook) throw new ProblemError(404, "not-found", "No such hook");

      const traceId = traceIdFrom(requestTraceparent(c));
      const log = c.get("log").with({ hookId: hook.id, tenantId: hook.tenantId, traceId });
      const outcome = await receiveHookCall(
        hook,
        {
          body: new Uint8Array(await c.req.arrayBuffer()),
          header: (name) => c.req.header(name),
          nowSeconds: Math.floor(Date.now() / 1000),
          traceId,
        },
        { jobs: c.get("jobs"), rateLimit: edge.hookRateLimit() },
      );
      if (!outcome.ok) {
        log.info("hook call rejected", { status: outcome.status, detail: outcome.detail });
        const headers: Record<string, string> = {};
        if (outcome.retryAfterSeconds !== undefined) headers["retry-after"] = String(outcome.retryAfterSeconds);
        // A 401 names how to authenticate: here, which headers carry the hook's signature.
        if (outcome.status === 401) headers["www-authenticate"] = SIGNATURE_CHALLENGE[hook.scheme];
        throw new ProblemError(outcome.status, outcome.code, outcome.detail, { errors: outcome.errors, headers });
      }
      log.info("hook started a job", { jobId: outcome.job.id });
      return c.json(outcome.job, 202);
    },
  );
}
