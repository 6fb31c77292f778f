import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { StoredEvent } from "../core/jobs/events";
import { finishedAfter, publicEvent } from "../core/jobs/public-event";
import type { AppEnv } from "../http/context";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { EventSchema, JobIdParams } from "./article-schemas";

const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).optional().openapi({ description: "Only events after this version" }),
});

const EventsHeaders = z.object({
  accept: z.string().optional().openapi({ description: "`text/event-stream` for live progress" }),
  "last-event-id": z
    .string()
    .regex(/^\d{1,9}$/)
    .optional()
    .openapi({ description: "Resume a stream after this version" }),
});

/**
 * Live progress: polls the log every SSE_POLL_MS and sends each new event (`id` = version); closes after the
 * job finishes, or when SSE_MAX_SECONDS run out (the client resumes with Last-Event-ID).
 */
function liveEvents(c: Context<AppEnv>, jobId: string, first: StoredEvent[], after: number, finished: boolean) {
  const services = c.get("jobs");
  const { SSE_POLL_MS, SSE_MAX_SECONDS } = services.config;
  return streamSSE(c, async (stream) => {
    let aborted = false;
    stream.onAbort(() => {
      aborted = true;
    });
    const deadline = Date.now() + SSE_MAX_SECONDS * 1000;
    let cursor = after;
    let done = finished;
    let pending = first;
    while (!aborted) {
      for (const event of pending) {
        const shown = publicEvent(event);
        await stream.writeSSE({ id: String(event.version), event: event.type, data: JSON.stringify(shown) });
        cursor = event.version;
      }
      done = finishedAfter(pending, done);
      if (done || Date.now() >= deadline) break;
      await stream.sleep(SSE_POLL_MS);
      pending = await services.events.read(jobId, cursor);
    }
  });
}

export function articleEventRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/articles/{id}/events",
      tags: ["Articles"],
      security: bearerSecurity,
      summary: "The job's events: JSON, or a live text/event-stream (resumable with Last-Event-ID)",
      request: { params: JobIdParams, query: EventsQuery, headers: EventsHeaders },
      responses: {
        200: {
          description: "Events in version order; a stream ends after ArticleCompleted or ArticleFailed",
          content: {
            "application/json": {
              schema: z.object({ data: z.array(EventSchema) }),
              example: {
                data: [{ type: "ArticleRequested", version: 1, data: {}, time: "2026-11-26T12:00:00.000Z" }],
              },
            },
            "text/event-stream": {
              schema: z.string(),
              example: 'id: 3\nevent: ResearchCompleted\ndata: {"type":"ResearchCompleted","version":3,...}\n\n',
            },
          },
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const headers = c.req.valid("header");
      const after = Number(headers["last-event-id"] ?? c.req.valid("query").after ?? 0);
      const all = await c.get("jobs").tenant(c.get("tenant").id).eventsOf(id);
      if (!all) throw new ProblemError(404, "not-found", "No such job");
      const seen = all.filter((event) => event.version <= after);
      const fresh = all.filter((event) => event.version > after);
      if (headers.accept?.includes("text/event-stream")) {
        // A HEAD gets the stream's headers only: the GET it is served as would poll the log for a body no one reads.
        if (c.req.method === "HEAD")
          return c.body(null, 200, { "content-type": "text/event-stream", "cache-control": "no-cache" }) as never;
        return liveEvents(c, id, fresh, after, finishedAfter(seen, false)) as never;
      }
      return c.json({ data: fresh.map(publicEvent) }, 200);
    },
  );
}
