import { createRoute, z } from "@hono/zod-openapi";
import { WEBHOOK_EVENT_TYPES } from "../core/webhooks/events";
import { ProblemError, problem, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { webhookDeliveryRoutes } from "./webhook-deliveries";
import { CreatedEndpointSchema, EndpointSchema, EventTypes, json, pathId } from "./webhook-schemas";
import { refuseUnsafeWebhookUrl } from "./webhook-url";

const tags = ["Webhooks"];
/** Paths beside `/webhooks/{id}` that are no endpoint id, with the methods they serve. */
const NAMED_PATHS: Record<string, string[]> = { deliveries: ["GET", "HEAD"], "default-secret": ["POST"] };
const security = bearerSecurity;
export function webhookRoutes() {
  // Before `/webhooks/{id}`, so `deliveries` is never taken for an endpoint id.
  const router = createRouter().route("/", webhookDeliveryRoutes());
  // Nor is a named path by a method it does not serve (a DELETE of `deliveries` was "No such webhook endpoint").
  router.use("/webhooks/:id", async (c, next) => {
    const allow = NAMED_PATHS[c.req.param("id") ?? ""];
    if (!allow || allow.includes(c.req.method)) return next();
    return problem(c, 405, "method-not-allowed", `${c.req.method} is not allowed here`, undefined, {
      allow: allow.join(", "),
    });
  });
  return router
    .openapi(
      createRoute({
        method: "post",
        path: "/webhooks",
        tags,
        security,
        summary: "Register a webhook endpoint",
        description:
          "Deliveries follow the Standard Webhooks spec (`webhook-id`, `webhook-timestamp`, `webhook-signature`, plus `traceparent`), signed with the secret returned here once. The URL must pass the SSRF guard (public http/https host, or a host:port in `ALLOW_HOSTS`).",
        request: {
          body: {
            required: true,
            ...json(
              z
                .object({
                  url: z.string().max(2048).openapi({ example: "https://example.com/hooks/optiblog" }),
                  events: EventTypes.default([...WEBHOOK_EVENT_TYPES]),
                  description: z.string().trim().max(200).optional(),
                })
                .strict(),
            ),
          },
        },
        responses: {
          201: { description: "Registered", ...json(CreatedEndpointSchema) },
          ...problemResponses(400, 401, 429),
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const url = refuseUnsafeWebhookUrl(c, body.url, "url");
        const events = [...new Set(body.events)];
        const created = await c
          .get("edge")
          .webhooks(c.get("tenant").id)
          .create({
            ...body,
            url,
            events,
          });
        return c.json({ ...created.endpoint, secret: created.secret }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/webhooks",
        tags,
        security,
        summary: "List webhook endpoints",
        responses: {
          200: { description: "Endpoints", ...json(z.object({ data: z.array(EndpointSchema) })) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json({ data: await c.get("edge").webhooks(c.get("tenant").id).list() }, 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/webhooks/default-secret",
        tags,
        security,
        summary: "Create or rotate the default signing secret",
        description:
          "Deliveries to a per-request `webhookUrl` (given on POST /v1/articles) are signed with this tenant-wide secret, in the same Standard Webhooks format as registered endpoints. The new secret is shown once and signs every delivery from now on. If none was ever created, one is made at the first such delivery; call this to get a value you can verify with.",
        responses: {
          201: {
            description: "The new default secret",
            ...json(
              z
                .object({
                  secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
                  createdAt: z.string(),
                })
                .openapi("DefaultSigningSecret"),
            ),
          },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json(await c.get("edge").webhooks(c.get("tenant").id).rotateDefaultSecret(), 201),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/webhooks/{id}",
        tags,
        security,
        summary: "One webhook endpoint",
        request: { params: z.object({ id: pathId("id") }) },
        responses: { 200: { description: "Endpoint", ...json(EndpointSchema) }, ...problemResponses(401, 404, 429) },
      }),
      async (c) => {
        const endpoint = await c.get("edge").webhooks(c.get("tenant").id).get(c.req.valid("param").id);
        if (!endpoint) throw new ProblemError(404, "not-found", "No such webhook endpoint");
        return c.json(endpoint, 200);
      },
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/webhooks/{id}",
        tags,
        security,
        summary: "Change an endpoint's events, pause or resume it",
        description:
          "A disabled endpoint gets no new deliveries; one whose receiver answers 410 Gone is disabled on its own. The URL cannot change: register a new endpoint.",
        request: {
          params: z.object({ id: pathId("id") }),
          body: {
            required: true,
            ...json(
              z
                .object({
                  events: EventTypes.optional(),
                  disabled: z.boolean().optional(),
                  description: z.string().trim().max(200).nullable().optional(),
                })
                .strict()
                .refine((patch) => Object.keys(patch).length > 0, "give at least one of events, disabled, description"),
            ),
          },
        },
        responses: {
          200: { description: "Updated", ...json(EndpointSchema) },
          ...problemResponses(400, 401, 404, 429),
        },
      }),
      async (c) => {
        const patch = c.req.valid("json");
        const events = patch.events ? [...new Set(patch.events)] : undefined;
        const updated = await c
          .get("edge")
          .webhooks(c.get("tenant").id)
          .update(c.req.valid("param").id, {
            ...patch,
            events,
          });
        if (!updated) throw new ProblemError(404, "not-found", "No such webhook endpoint");
        return c.json(updated, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/webhooks/{id}/rotate-secret",
        tags,
        security,
        summary: "Rotate an endpoint's signing secret",
        description:
          "Returns the endpoint's new secret, shown once. For 24 hours deliveries carry two signatures in `webhook-signature`, space-separated (`v1,<new> v1,<old>`), so a receiver verifies with either secret while it switches; then only the new one signs. A rotation within those 24 hours retires the secret before it at once.",
        request: { params: z.object({ id: pathId("id") }) },
        responses: {
          200: {
            description: "The new secret",
            ...json(
              z
                .object({
                  id: z.string(),
                  secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
                  previousSecretExpiresAt: z
                    .string()
                    .openapi({ description: "Until when the replaced secret still signs deliveries." }),
                })
                .openapi("RotatedEndpointSecret"),
            ),
          },
          ...problemResponses(401, 404, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const rotated = await c.get("edge").webhooks(c.get("tenant").id).rotateSecret(id);
        if (!rotated) throw new ProblemError(404, "not-found", "No such webhook endpoint");
        return c.json({ id, ...rotated }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/webhooks/{id}",
        tags,
        security,
        summary: "Remove a webhook endpoint",
        description: "Its pending deliveries fail; the delivery log keeps their records.",
        request: { params: z.object({ id: pathId("id") }) },
        responses: { 204: { description: "Removed" }, ...problemResponses(401, 404, 429) },
      }),
      async (c) => {
        const removed = await c.get("edge").webhooks(c.get("tenant").id).remove(c.req.valid("param").id);
        if (!removed) throw new ProblemError(404, "not-found", "No such webhook endpoint");
        return c.body(null, 204);
      },
    );
}
