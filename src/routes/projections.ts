import { createRoute, z } from "@hono/zod-openapi";
import { RebuildSuperseded } from "../core/errors";
import { ProblemError, problemResponses } from "../http/problem";
import { adminSecurity, createRouter } from "../http/router";
import { json } from "./article-schemas";

/** How long a rebuild may hold its claim before another may start (a request that died leaves it behind). */
const REBUILD_LEASE_MS = 15 * 60_000;

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
        ...problemResponses(401, 409),
      },
    }),
    async (c) => {
      const started = Date.now();
      const { events, guards } = c.get("jobs");
      // The shadow tables are one rebuild's: a second one waits its turn. The claim lapses on its own if this
      // request dies, so a crashed rebuild never blocks the next.
      const lock = guards.operation("projections-rebuild");
      const run = crypto.randomUUID();
      const claim = await lock.claimFlight("rebuild", run, REBUILD_LEASE_MS);
      if (claim.holder !== run) {
        throw new ProblemError(409, "conflict", "A projection rebuild is already running; try again when it ends.", {
          headers: { "retry-after": "30" },
        });
      }
      await lock.confirmFlight("rebuild", run, REBUILD_LEASE_MS);
      // Renewed as the rebuild goes, so only a rebuild that stalls for the whole lease loses it; one that has lost
      // it to another stops before its swap.
      const keepClaim = async () => {
        if ((await lock.claimFlight("rebuild", run, REBUILD_LEASE_MS)).holder !== run) return false;
        await lock.confirmFlight("rebuild", run, REBUILD_LEASE_MS);
        return true;
      };
      try {
        const { streams, events: replayed, mark } = await c.get("edge").rebuildProjections(events, keepClaim);
        c.get("log").info("projections rebuilt", { streams, events: replayed, mark });
        return c.json({ streams, events: replayed, ms: Date.now() - started }, 200);
      } catch (error) {
        if (error instanceof RebuildSuperseded) {
          throw new ProblemError(409, "conflict", "Another projection rebuild took over from this one; it stopped.");
        }
        throw error;
      } finally {
        await lock.releaseFlight("rebuild", run);
      }
    },
  );
}
