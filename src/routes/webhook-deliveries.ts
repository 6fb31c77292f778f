import { createRoute, z } from "@hono/zod-openapi";
import { traceIdFrom } from "../core/jobs/trace";
import { ProblemError, problemResponses } from "../http/problem";
import { pageLimit, unsetWhenEmpty } from "../http/query";
import { bearerSecurity, createRouter } from "../http/router";
import { requestTraceparent } from "../http/trace";
import { DeliverySchema, json, pathId } from "./webhook-schemas";

const tags = ["Webhooks"];
const security = bearerSecurity;

/** The delivery log and redelivery (mounted by `webhookRoutes`). */
export function webhookDeliveryRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/webhooks/deliveries",
        tags,
        security,
        summary: "The delivery log, newest first",
        request: {
          query: z.object({
            jobId: unsetWhenEmpty(
              z.string().min(1).max(64).optional().openapi({ example: "job_mh3k2a9Xf3kQ0aZb7c1d" }),
            ),
            endpointId: unsetWhenEmpty(z.string().min(1).max(64).optional()),
            limit: pageLimit(100, 50),
          }),
        },
        responses: {
          200: { description: "Deliveries", ...json(z.object({ data: z.array(DeliverySchema) })) },
          ...problemResponses(400, 401, 429),
        },
      }),
      async (c) => {
        const rows = await c.get("edge").deliveries(c.get("tenant").id).list(c.req.valid("query"));
        return c.json({ data: rows }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/webhooks/deliveries/{id}/redeliver",
        tags,
        security,
        summary: "Send a delivery again",
        description:
          "Puts the delivery back to pending with a fresh attempt budget and queues it (through the outbox, so the request cannot be lost between the two); it goes out with the same `webhook-id` and payload.",
        request: { params: z.object({ id: pathId("id") }) },
        responses: { 202: { description: "Queued", ...json(DeliverySchema) }, ...problemResponses(401, 404, 429) },
      }),
      async (c) => {
        const store = c.get("edge").deliveries(c.get("tenant").id);
        const traceId = traceIdFrom(requestTraceparent(c));
        const reopened = await store.reopen(c.req.valid("param").id, new Date(), traceId, c.get("jobs").outbox);
        if (!reopened) throw new ProblemError(404, "not-found", "No such delivery");
        return c.json(reopened, 202);
      },
    );
}
