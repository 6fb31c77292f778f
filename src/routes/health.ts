import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";

/** `configured`: the binding exists but is not probed (a Workers AI call costs money and needs the network). */
const BindingStatus = z.enum(["ok", "error", "absent", "configured"]);

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    environment: z.string(),
    bindings: z.record(z.string(), BindingStatus),
    /** Each LLM provider's breaker (details at /v1/admin/providers). */
    providers: z.record(z.string(), z.enum(["closed", "open", "half-open"])).optional(),
  })
  .openapi("Health");

async function probe(check: () => Promise<unknown>): Promise<z.infer<typeof BindingStatus>> {
  try {
    await check();
    return "ok";
  } catch {
    return "error";
  }
}

export function healthRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["System"],
      summary: "Liveness and binding health (no auth)",
      responses: {
        200: { description: "Every binding answers", content: { "application/json": { schema: HealthSchema } } },
        503: { description: "A binding does not answer", content: { "application/json": { schema: HealthSchema } } },
      },
    }),
    async (c) => {
      const env = c.env;
      const [db, cache, guard] = await Promise.all([
        probe(() => env.DB.prepare("SELECT 1").first()),
        probe(() => env.CACHE.get("health:probe")),
        probe(() => env.GUARD.get(env.GUARD.idFromName("health")).ping()),
      ]);
      const bindings = {
        DB: db,
        CACHE: cache,
        GUARD: guard,
        RESEARCH_QUEUE: env.RESEARCH_QUEUE ? "ok" : "absent",
        WRITE_QUEUE: env.WRITE_QUEUE ? "ok" : "absent",
        DELIVER_QUEUE: env.DELIVER_QUEUE ? "ok" : "absent",
        AI: (env as { AI?: unknown }).AI ? "configured" : "absent",
      } satisfies Record<string, z.infer<typeof BindingStatus>>;
      const required = [db, cache, guard, bindings.RESEARCH_QUEUE, bindings.WRITE_QUEUE, bindings.DELIVER_QUEUE];
      const healthy = required.every((status) => status === "ok");
      const config = c.get("config");
      const providers = await c
        .get("edge")
        .providerHealth()
        .then(
          (list) => Object.fromEntries(list.map((p) => [p.name, p.breaker])),
          () => undefined,
        );
      return c.json(
        {
          status: healthy ? ("ok" as const) : ("degraded" as const),
          version: config.VERSION,
          environment: config.ENVIRONMENT,
          bindings,
          ...(providers && Object.keys(providers).length ? { providers } : {}),
        },
        healthy ? 200 : 503,
      );
    },
  );
}
