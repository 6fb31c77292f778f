import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../http/problem";
import { pageLimit } from "../http/query";
import { adminSecurity, createRouter } from "../http/router";

const BacklogSchema = z
  .object({
    outbox: z.array(z.object({ queue: z.string(), unsent: z.number(), oldestUnsentAgeSeconds: z.number().nullable() })),
    jobs: z.array(z.object({ status: z.string(), count: z.number(), oldestStageAgeSeconds: z.number().nullable() })),
  })
  .openapi("QueueBacklog");

const FailureSchema = z
  .object({
    jobId: z.string(),
    tenantId: z.string(),
    keyword: z.string(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    traceId: z.string(),
    failedAt: z.string(),
  })
  .openapi("RecentFailure");

const tags = ["Admin"];

/** What an operator watches besides metrics: stage backlog and age, and the latest failed jobs. */
export function operationsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/queues",
        tags,
        security: adminSecurity,
        summary: "Stage backlog: outbox messages not yet sent and jobs in flight, with the oldest age of each",
        responses: {
          200: { description: "Backlog", content: { "application/json": { schema: BacklogSchema } } },
          ...problemResponses(401),
        },
      }),
      async (c) => c.json(await c.get("edge").operations().backlog(c.get("jobs").clock.now()), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/failures",
        tags,
        security: adminSecurity,
        summary: "The latest failed jobs across tenants, with their failure reason and trace id",
        request: {
          query: z.object({ limit: pageLimit(200, 50) }),
        },
        responses: {
          200: {
            description: "Newest first",
            content: { "application/json": { schema: z.object({ data: z.array(FailureSchema) }) } },
          },
          ...problemResponses(400, 401),
        },
      }),
      async (c) => {
        const { limit } = c.req.valid("query");
        return c.json({ data: await c.get("edge").operations().recentFailures(limit) }, 200);
      },
    );
}
