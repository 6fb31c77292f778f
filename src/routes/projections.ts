import { createRoute, z } from "@hono/zod-openapi";
import { rebuildProjections } from "../adapters/storage/rebuild";
import { problemResponses } from "../http/problem";
import { adminSecurity, createRouter } from "../http/router";
import { json } from "./article-schemas";

export function projectionRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "post",
      path: "/projections/rebuild",
      tags: ["Admin"],
      security: adminSecurity,
      summary:
        "Replay the event log into shadow read tables (jobs, tenant analytics) and swap them in; reads keep working",
      responses: {
        200: {
          description: "Rebuilt",
          ...json(z.object({ streams: z.number().int(), events: z.number().int(), ms: z.number() }), {
            streams: 120,
            events: 1320,
            ms: 840,
          }),
        },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const started = Date.now();
      const { streams, events, mark } = await rebuildProjections(c.get("jobs").events);
      c.get("log").info("projections rebuilt", { streams, events, mark });
      return c.json({ streams, events, ms: Date.now() - started }, 200);
    },
  );
}
