import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { distinctKeywords, type SubmittedBatch, submitBatch } from "../core/app/submit";
import { ArticleRequestSchema, KeywordSchema } from "../core/jobs/request";
import { traceIdFrom } from "../core/jobs/trace";
import type { AppEnv } from "../http/context";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { requestTraceparent } from "../http/trace";
import { takeTenantRate, tenantRateLimitOf } from "../middleware/rate-limit";
import { json, SubmittedJobSchema } from "./article-schemas";
import { IdempotencyHeaders, refuseIdempotencyConflict } from "./idempotency";
import { refuseUnsafeWebhookUrl } from "./webhook-url";

const tags = ["Batches"];
const security = bearerSecurity;

const BatchRequestSchema = ArticleRequestSchema.omit({ keyword: true }).extend({
  keywords: z.array(KeywordSchema).min(1).max(100),
});

const BatchIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "bat_mh3k2a9Xf3kQ0aZb7c1d" }),
});

const StatusCounts = z.object({
  queued: z.number().int(),
  researching: z.number().int(),
  writing: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
});

/**
 * A batch costs a request per job it starts, as the requests for its jobs one by one would: the call has paid one, the
 * rest is taken now. A batch with more jobs than the tenant may request in a minute could never be paid for.
 */
async function takeBatchRate(c: Context<AppEnv>, jobs: number) {
  const limit = tenantRateLimitOf(c);
  if (jobs > limit) {
    throw new ProblemError(400, "validation-failed", "The request did not match the schema", {
      errors: [
        {
          path: "keywords",
          message: `A batch costs one request per distinct keyword: at most ${limit} fit the rate limit of ${limit} requests per minute`,
          code: "too_big",
        },
      ],
    });
  }
  if (jobs > 1) await takeTenantRate(c, jobs - 1, `this batch of ${jobs} jobs costs ${jobs} requests`);
}

export function batchRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/batches",
        tags,
        security,
        summary: "Request one article per keyword (duplicates folded), with shared options",
        request: {
          headers: IdempotencyHeaders,
          body: {
            required: true,
            ...json(BatchRequestSchema, {
              keywords: ["home composting", "worm bins", "leaf mould"],
              options: { tone: "friendly" },
            }),
          },
        },
        responses: {
          202: {
            description: "Accepted",
            ...json(
              z.object({
                id: z.string(),
                links: z.object({ self: z.string() }),
                jobs: z.array(SubmittedJobSchema.extend({ keyword: z.string() })),
              }),
            ),
          },
          ...problemResponses(400, 401, 413, 422, 429, 503),
        },
      }),
      async (c) => {
        const headers = c.req.valid("header");
        const { keywords, ...shared } = c.req.valid("json");
        refuseUnsafeWebhookUrl(c, shared.webhookUrl, "webhookUrl");
        await takeBatchRate(c, distinctKeywords(keywords).length);
        const traceId = traceIdFrom(requestTraceparent(c));
        let batch: SubmittedBatch;
        try {
          batch = await submitBatch(c.get("jobs"), c.get("tenant").id, keywords, shared, {
            traceId,
            idempotencyKey: headers["idempotency-key"],
          });
        } catch (error) {
          refuseIdempotencyConflict(error);
          throw error;
        }
        const self = `/v1/batches/${batch.id}`;
        c.header("Location", self);
        return c.json({ id: batch.id, links: { self }, jobs: batch.jobs }, 202);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/batches/{id}",
        tags,
        security,
        summary: "A batch's progress: its jobs counted by status",
        request: { params: BatchIdParams },
        responses: {
          200: {
            description: "The batch",
            ...json(
              z.object({
                id: z.string(),
                size: z.number().int(),
                createdAt: z.string(),
                done: z.boolean(),
                counts: StatusCounts,
                jobs: z.array(z.string()),
              }),
            ),
          },
          ...problemResponses(401, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const reads = c.get("jobs").tenant(c.get("tenant").id);
        const batch = await reads.batchCounts(id);
        if (!batch) throw new ProblemError(404, "not-found", "No such batch");
        const counts = { queued: 0, researching: 0, writing: 0, completed: 0, failed: 0, ...batch.counts };
        return c.json(
          {
            id,
            size: batch.size,
            createdAt: batch.createdAt,
            done: counts.completed + counts.failed === batch.size,
            counts,
            jobs: await reads.batchJobIds(id),
          },
          200,
        );
      },
    );
}
