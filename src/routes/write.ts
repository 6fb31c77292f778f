import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ArticleSchema } from "../core/article/model";
import { ArticleOptionsSchema } from "../core/article/options";
import { PermanentError, TransientError } from "../core/errors";
import { renderHtml, renderJson, renderMarkdown } from "../core/render";
import type { CompetitorAnalysis, Source } from "../core/research/types";
import { articleHtml } from "../http/article-html";
import type { AppEnv } from "../http/context";
import { ProblemError, ProblemSchema, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { WRITE_EXAMPLE, WriteRequestSchema } from "./write-request";

const UsageSchema = z.object({
  provider: z.string(),
  model: z.string(),
  purpose: z.string().openapi({ example: "section:2" }),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  latencyMs: z.number(),
  costUsd: z.number(),
});
const WrittenSchema = z
  .object({
    writer: z.string().openapi({ example: "extractive" }),
    article: ArticleSchema,
    usage: z.array(UsageSchema),
  })
  .openapi("WrittenArticle");

/** Writer failures as problems a caller can act on: retry later (503), or the model failed us (502). */
function writeProblem(c: Context<AppEnv>, error: unknown): never {
  if (error instanceof TransientError) {
    const retryAfter = String(error.retryAfterSeconds ?? 30);
    throw new ProblemError(503, "service-unavailable", error.message, { headers: { "retry-after": retryAfter } });
  }
  if (error instanceof PermanentError) {
    if (error.code === "invalid_model_output") throw new ProblemError(502, "invalid_model_output", error.message);
    if (error.code === "no_sources") throw new ProblemError(422, "unprocessable-content", error.message);
    if (error.code === "budget_exceeded") throw new ProblemError(429, "budget-exceeded", error.message);
    if (error.code === "writer_misconfigured") {
      c.get("log")?.error("writer misconfigured", { detail: error.message });
      throw new ProblemError(500, "internal", "The writer is not configured correctly");
    }
    throw new ProblemError(502, "upstream-failed", error.message);
  }
  throw error;
}

/** Synchronous writing for callers who bring their own research (the sources from POST /v1/research). */
export function writeRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "post",
      path: "/write",
      tags: ["Writing"],
      security: bearerSecurity,
      summary: "Write a cited article from sources you already have",
      description:
        "With no LLM configured the extractive writer assembles a research draft of quoted, cited source " +
        "sentences (`kind: extractive`). Only sources with `status: ok` are cited.",
      request: {
        body: {
          required: true,
          content: { "application/json": { schema: WriteRequestSchema, example: WRITE_EXAMPLE } },
        },
      },
      responses: {
        200: {
          description: "The article in the requested format",
          content: {
            "application/json": { schema: WrittenSchema },
            "text/html": { schema: z.string().openapi({ example: "<!doctype html>…" }) },
            "text/markdown": { schema: z.string().openapi({ example: "---\ntitle: …\n---\n\n# …" }) },
          },
        },
        ...problemResponses(400, 401, 413, 422, 429, 500, 503),
        502: {
          description: "The model's answer stayed invalid after one repair, or the provider rejected the call",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const written = async () => {
        const writer = c.get("edge").writer();
        const tenant = c.get("tenant");
        const result = await writer.write({
          budget: c.get("edge").budget(tenant.id, tenant.plan),
          keyword: body.keyword,
          options: body.options ?? ArticleOptionsSchema.parse({}),
          sources: body.sources as Source[],
          ...(body.competitors ? { competitors: body.competitors as CompetitorAnalysis } : {}),
        });
        return { writer, result };
      };
      const { writer, result } = await written().catch((error: unknown) => writeProblem(c, error));
      const { article } = result;
      if (body.format === "html") {
        return articleHtml(c, renderHtml(article, body.canonicalUrl ? { canonicalUrl: body.canonicalUrl } : {}));
      }
      if (body.format === "markdown") {
        return c.body(renderMarkdown(article), 200, { "content-type": "text/markdown; charset=utf-8" });
      }
      return c.json({ writer: writer.name, article: renderJson(article) as typeof article, usage: result.usage }, 200);
    },
  );
}
