import { createRoute, z } from "@hono/zod-openapi";
import { type CommandResult, rateJob, regenerateJob } from "../core/app/commands";
import { traceIdFrom } from "../core/jobs/trace";
import { jobView } from "../core/jobs/view";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { requestTraceparent } from "../http/trace";
import { JobIdParams, JobSchema, json } from "./article-schemas";

const tags = ["Articles"];
const security = bearerSecurity;

function settled(result: CommandResult) {
  if (result.ok) return jobView(result.state);
  if ("notFound" in result) throw new ProblemError(404, "not-found", "No such job");
  if ("rateLimited" in result) {
    const { limit, retryAfterSeconds } = result.rateLimited;
    throw new ProblemError(429, "rate-limited", `An article can be regenerated ${limit} times an hour`, {
      headers: { "retry-after": String(retryAfterSeconds) },
    });
  }
  throw new ProblemError(409, "conflict", result.refused);
}

export function articleActionRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/articles/{id}/regenerate",
        tags,
        security,
        summary: "Run a finished job again, from research or from writing (reusing its research)",
        request: {
          params: JobIdParams,
          body: {
            required: true,
            ...json(z.object({ from: z.enum(["research", "write"]).default("write") }).strict(), { from: "write" }),
          },
        },
        responses: {
          202: { description: "Regenerating", ...json(JobSchema) },
          ...problemResponses(400, 401, 404, 409, 429),
        },
      }),
      async (c) => {
        const { from } = c.req.valid("json");
        const traceId = traceIdFrom(requestTraceparent(c));
        const jobs = c.get("jobs");
        const id = c.req.valid("param").id;
        return c.json(
          settled(await regenerateJob(jobs, c.get("tenant").id, id, from, traceId, jobs.config.REGENERATIONS_PER_HOUR)),
          202,
        );
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/articles/{id}/feedback",
        tags,
        security,
        summary: "Rate a completed article (1–5); a new rating replaces the previous one",
        request: {
          params: JobIdParams,
          body: {
            required: true,
            ...json(
              z
                .object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() })
                .strict(),
              { rating: 4, comment: "Good structure, needs a local angle" },
            ),
          },
        },
        responses: { 200: { description: "Recorded", ...json(JobSchema) }, ...problemResponses(400, 401, 404, 409) },
      }),
      async (c) => {
        const { rating, comment } = c.req.valid("json");
        const traceId = traceIdFrom(requestTraceparent(c));
        const result = await rateJob(
          c.get("jobs"),
          c.get("tenant").id,
          c.req.valid("param").id,
          rating,
          traceId,
          comment,
        );
        return c.json(settled(result), 200);
      },
    );
}
