import { createRoute, z } from "@hono/zod-openapi";
import { PLAN_NAME } from "../config";
import { ProblemError, problemResponses } from "../http/problem";
import { adminSecurity, createRouter } from "../http/router";

const Plan = z.string().regex(PLAN_NAME, "lowercase letters, digits and dashes, at most 32");

const TenantSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    plan: z.string(),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Tenant");

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    prefix: z.string().openapi({ example: "obk_3fZk9QaB" }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

const CreatedKeySchema = z
  .object({ id: z.string(), key: z.string().openapi({ description: "Shown once; store it now." }), prefix: z.string() })
  .openapi("CreatedApiKey");

const TenantParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
const KeyParams = TenantParams.extend({
  keyId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "keyId", in: "path" } }),
});

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const tags = ["Admin"];
const security = adminSecurity;
const errors = problemResponses(400, 401, 404);

export function adminRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/tenants",
        tags,
        security,
        summary: "Create a tenant",
        request: {
          body: {
            required: true,
            ...json(z.object({ name: z.string().trim().min(1).max(200), plan: Plan.optional() }).strict()),
          },
        },
        responses: { 201: { description: "Created", ...json(TenantSchema) }, ...errors },
      }),
      async (c) => c.json(await c.get("edge").tenants().create(c.req.valid("json")), 201),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/tenants",
        tags,
        security,
        summary: "List tenants",
        responses: { 200: { description: "Tenants", ...json(z.object({ data: z.array(TenantSchema) })) }, ...errors },
      }),
      async (c) => c.json({ data: await c.get("edge").tenants().list() }, 200),
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/tenants/{id}",
        tags,
        security,
        summary: "Disable or re-enable a tenant, or change its plan",
        request: {
          params: TenantParams,
          body: {
            required: true,
            ...json(
              z
                .object({
                  disabled: z.boolean().optional(),
                  plan: Plan.optional(),
                  name: z.string().trim().min(1).max(200).optional(),
                })
                .strict()
                .refine((patch) => Object.keys(patch).length > 0, "give at least one of disabled, plan, name"),
            ),
          },
        },
        responses: { 200: { description: "Updated", ...json(TenantSchema) }, ...errors },
      }),
      async (c) => {
        const updated = await c.get("edge").tenants().update(c.req.valid("param").id, c.req.valid("json"));
        if (!updated) throw new ProblemError(404, "not-found", "No such tenant");
        return c.json(updated, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/tenants/{id}/keys",
        tags,
        security,
        summary: "Create an API key (shown once)",
        request: {
          params: TenantParams,
          body: { required: false, ...json(z.object({ name: z.string().trim().min(1).max(200).optional() }).strict()) },
        },
        responses: { 201: { description: "Created", ...json(CreatedKeySchema) }, ...errors },
      }),
      async (c) => {
        const tenants = c.get("edge").tenants();
        const { id } = c.req.valid("param");
        if (!(await tenants.get(id))) throw new ProblemError(404, "not-found", "No such tenant");
        const { key, row } = await tenants.keysOf(id).create(c.req.valid("json")?.name);
        return c.json({ id: row.id, key, prefix: row.prefix }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/tenants/{id}/keys",
        tags,
        security,
        summary: "List a tenant's API keys (prefixes only)",
        request: { params: TenantParams },
        responses: { 200: { description: "Keys", ...json(z.object({ data: z.array(ApiKeySchema) })) }, ...errors },
      }),
      async (c) => {
        const tenants = c.get("edge").tenants();
        const { id } = c.req.valid("param");
        if (!(await tenants.get(id))) throw new ProblemError(404, "not-found", "No such tenant");
        return c.json({ data: await tenants.keysOf(id).list() }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/tenants/{id}/keys/{keyId}",
        tags,
        security,
        summary: "Revoke an API key",
        request: { params: KeyParams },
        responses: { 204: { description: "Revoked" }, ...errors },
      }),
      async (c) => {
        const { id, keyId } = c.req.valid("param");
        const revoked = await c.get("edge").tenants().keysOf(id).revoke(keyId);
        if (!revoked) throw new ProblemError(404, "not-found", "No such active key for this tenant");
        return c.body(null, 204);
      },
    );
}

export { ApiKeySchema, TenantSchema };
