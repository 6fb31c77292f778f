import { createRoute, z } from "@hono/zod-openapi";
import { KeywordBreakerOpen, submitArticleJob } from "../core/app/submit";
import { decodeListCursor } from "../core/jobs/list-cursor";
import { ArticleRequestSchema } from "../core/jobs/request";
import { traceIdFrom } from "../core/jobs/trace";
import { jobLinks } from "../core/jobs/view";
import { renderHtml, renderMarkdown } from "../core/render/index";
import { articleJsonLd } from "../core/render/jsonld";
import { articleHtml } from "../http/article-html";
import { DASHBOARD_MARK_HEADER, isDashboardCall } from "../http/dashboard-mark";
import { ProblemError, problemResponses } from "../http/problem";
import { pageLimit, unsetWhenEmpty } from "../http/query";
import { bearerSecurity, createRouter } from "../http/router";
import { JobIdParams, JobSchema, JobSummarySchema, json, SubmittedJobSchema } from "./article-schemas";
import { IdempotencyHeaders, refuseIdempotencyConflict } from "./idempotency";
import { refuseUnsafeWebhookUrl } from "./webhook-url";

const tags = ["Articles"];
const security = bearerSecurity;

const requestExample = {
  keyword: "home composting",
  options: { tone: "friendly", audience: "beginners", targetWords: 1200 },
  seoThreshold: 75,
  maxAttempts: 3,
  webhookUrl: "https://example.com/hooks/optiblog",
};

const GetQuery = z.object({
  format: z.enum(["json", "html", "markdown"]).default("json").openapi({ example: "html" }),
});

const ListQuery = z.object({
  status: unsetWhenEmpty(z.enum(["queued", "researching", "writing", "completed", "failed"]).optional()),
  keyword: unsetWhenEmpty(
    z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Substring, case-insensitive, runs of white space read as one space" }),
  ),
  cursor: unsetWhenEmpty(
    z
      .string()
      .max(500)
      .refine(
        (cursor) => decodeListCursor(cursor) !== undefined,
        "not a cursor this API gave (pass `nextCursor` as it is)",
      )
      .optional()
      .openapi({ description: "The `nextCursor` of the previous page, as given; any other value is a 400" }),
  ),
  limit: pageLimit(100, 20),
});

export function articleRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/articles",
        tags,
        security,
        summary: "Request an article (asynchronous: answers 202 with the job)",
        request: {
          headers: IdempotencyHeaders,
          body: { required: true, ...json(ArticleRequestSchema, requestExample) },
        },
        responses: {
          202: { description: "Accepted; follow `links.events` or poll `links.self`", ...json(SubmittedJobSchema) },
          ...problemResponses(400, 401, 413, 422, 429, 503),
        },
      }),
      async (c) => {
        const headers = c.req.valid("header");
        const body = c.req.valid("json");
        refuseUnsafeWebhookUrl(c, body.webhookUrl, "webhookUrl");
        try {
          const job = await submitArticleJob(c.get("jobs"), c.get("tenant").id, body, {
            traceId: traceIdFrom(c.get("edge").activeTraceparent() ?? headers.traceparent),
            idempotencyKey: headers["idempotency-key"],
            origin: "api",
          });
          c.header("Location", job.links.self as string);
          return c.json(job, 202);
        } catch (error) {
          refuseIdempotencyConflict(error);
          if (error instanceof KeywordBreakerOpen) {
            throw new ProblemError(503, "service-unavailable", error.message, {
              headers: { "retry-after": String(error.retryAfterSeconds) },
            });
          }
          throw error;
        }
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/articles",
        tags,
        security,
        summary: "List the tenant's jobs, newest first",
        request: { query: ListQuery },
        responses: {
          200: {
            description: "A page of jobs; pass `nextCursor` as `cursor` for the next",
            ...json(z.object({ data: z.array(JobSummarySchema), nextCursor: z.string().nullable() })),
          },
          ...problemResponses(400, 401),
        },
      }),
      async (c) => {
        const page = await c.get("jobs").tenant(c.get("tenant").id).list(c.req.valid("query"));
        const data = page.rows.map((row) => ({
          id: row.id,
          keyword: row.keyword,
          status: row.status,
          stage: row.stage,
          attempts: row.attempts,
          scores:
            row.overall_score === null
              ? null
              : { seo: row.seo_score ?? 0, quality: row.quality_score ?? 0, overall: row.overall_score },
          passed: row.passed === null ? null : row.passed === 1,
          batchId: row.batch_id,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
          links: jobLinks(row.id),
        }));
        return c.json({ data, nextCursor: page.nextCursor ?? null }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/articles/{id}",
        tags,
        security,
        summary: "A job: status, stage, attempts, scores and, once completed, the article in JSON, HTML or Markdown",
        request: { params: JobIdParams, query: GetQuery },
        responses: {
          200: {
            description: "The job (JSON), or the article rendered as HTML or Markdown",
            content: {
              "application/json": { schema: JobSchema },
              "text/html": { schema: z.string() },
              "text/markdown": { schema: z.string() },
            },
          },
          ...problemResponses(400, 401, 404, 409),
        },
      }),
      async (c) => {
        const tenantId = c.get("tenant").id;
        const { id } = c.req.valid("param");
        const { format } = c.req.valid("query");
        const reads = c.get("jobs").tenant(tenantId);
        const job = await reads.view(id);
        if (!job) throw new ProblemError(404, "not-found", "No such job");
        // A HEAD (a link checker, a cache asking what changed) reads no article: it is no view.
        if (job.article && c.req.method !== "HEAD" && !(await isDashboardCall(c.req.header(DASHBOARD_MARK_HEADER)))) {
          c.executionCtx.waitUntil(
            reads
              .countView(id)
              .catch((error) => c.get("log").warn("could not count a view", { jobId: id, error: String(error) })),
          );
        }
        if (format === "json") return c.json(job.article ? { ...job, jsonLd: articleJsonLd(job.article) } : job, 200);
        if (!job.article) throw new ProblemError(409, "conflict", `The job is ${job.status}; the article is not ready`);
        if (format === "html") return articleHtml(c, renderHtml(job.article));
        return c.body(renderMarkdown(job.article), 200, { "content-type": "text/markdown; charset=utf-8" });
      },
    );
}
