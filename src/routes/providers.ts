import { createRoute, z } from "@hono/zod-openapi";
import { misconfiguredOn, misconfiguredResponse, problemResponses } from "../http/problem";
import { adminSecurity, createRouter } from "../http/router";

const ProviderHealthSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    model: z.string(),
    weight: z.number(),
    limits: z.object({ rpm: z.number(), tpm: z.number() }),
    breaker: z.enum(["closed", "open", "half-open"]),
    openUntil: z.string().optional(),
    remaining: z.object({ requests: z.number(), tokens: z.number() }),
    recentErrors: z.array(z.object({ at: z.string(), error: z.string() })),
    latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
    calls: z.number().openapi({ description: "Recent calls the figures are drawn from (at most 100)" }),
    structuredMode: z
      .enum(["json_schema", "json_object", "tool"])
      .optional()
      .openapi({ description: "The structured-output mode learned after the provider rejected another one" }),
  })
  .openapi("ProviderHealth");

export function providerRoutes() {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/providers",
      tags: ["Admin"],
      security: adminSecurity,
      summary: "LLM providers: breaker state, remaining capacity, recent errors, latency p50/p95",
      responses: {
        200: {
          description: "One entry per configured provider",
          content: { "application/json": { schema: z.object({ data: z.array(ProviderHealthSchema) }) } },
        },
        ...problemResponses(401),
        ...misconfiguredResponse("`LLM_PROVIDERS`"),
      },
    }),
    // \`LLM_PROVIDERS\` that does not parse is the operator's to fix, so the answer says so.
    async (c) =>
      c.json({ data: await misconfiguredOn(c, "writer_misconfigured", () => c.get("edge").providerHealth()) }, 200),
  );
}
