import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import type { AppEnv } from "../http/context";
import { finishDocument } from "../http/openapi";

/** No open-source licence has been granted for this code or its API (OpenAPI 3.1 takes an SPDX identifier). */
const LICENSE = { name: "Proprietary: all rights reserved", identifier: "LicenseRef-Proprietary" };

/** `/openapi.json` (OpenAPI 3.1 from the route definitions) and `/docs` (the API reference UI). */
export function docsRoutes(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "ApiKey", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "obk_…",
    description: "A tenant API key, created through the admin API.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "AdminToken", {
    type: "http",
    scheme: "bearer",
    description: "The operator's ADMIN_TOKEN secret.",
  });

  const docs = new Hono<AppEnv>();
  docs.get("/openapi.json", (c) =>
    c.json(
      finishDocument(
        app.getOpenAPI31Document({
          openapi: "3.1.0",
          info: {
            title: "OptiBlog Edge API",
            version: c.get("config").VERSION,
            description:
              "Turns a keyword into a researched, cited, SEO-assessed long-form article. Errors are RFC 9457 problem+json.",
            license: LICENSE,
          },
          servers: [{ url: new URL(c.req.url).origin }],
          security: [{ ApiKey: [] }],
        }),
      ),
    ),
  );
  docs.get("/docs", Scalar<AppEnv>({ url: "/openapi.json", pageTitle: "OptiBlog Edge API" }));
  return docs;
}
