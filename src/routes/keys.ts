import { createRoute, z } from "@hono/zod-openapi";
import { ProblemError, problemResponses } from "../http/problem";
import { bearerSecurity, createRouter } from "../http/router";
import { ApiKeySchema, TenantSchema } from "./admin";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const tags = ["Account"];
const security = bearerSecurity;

/** The calling tenant's own account and keys (read-only; keys are issued by the operator). */
export function keyRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/me",
        tags,
        security,
        summary: "The tenant this key belongs to",
        responses: { 200: { description: "Tenant", ...json(TenantSchema) }, ...problemResponses(401, 429) },
      }),
      (c) => c.json(c.get("tenant"), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/keys",
        tags,
        security,
        summary: "List this tenant's API keys",
        responses: {
          200: { description: "Keys", ...json(z.object({ data: z.array(ApiKeySchema) })) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json({ data: await c.get("edge").tenants().keysOf(c.get("tenant").id).list() }, 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/keys/{keyId}",
        tags,
        security,
        summary: "One of this tenant's API keys",
        request: {
          params: z.object({
            keyId: z
              .string()
              .min(1)
              .max(64)
              .openapi({ param: { name: "keyId", in: "path" } }),
          }),
        },
        responses: { 200: { description: "Key", ...json(ApiKeySchema) }, ...problemResponses(401, 404, 429) },
      }),
      async (c) => {
        const key = await c.get("edge").tenants().keysOf(c.get("tenant").id).get(c.req.valid("param").keyId);
        if (!key) throw new ProblemError(404, "not-found", "No such key");
        return c.json(key, 200);
      },
    );
}
