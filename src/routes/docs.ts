import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { AppEnv } from "../http/context";
import { finishDocument } from "../http/openapi";

/** No open-source licence has been granted for this code or its API (OpenAPI 3.1 takes an SPDX identifier). */
const LICENSE = { name: "Proprietary: all rights reserved", identifier: "LicenseRef-Proprietary" };

/** Where the reference's browser bundle and stylesheet are served from the Worker's static assets (scripts/docs-assets.mjs). */
export const REFERENCE_SCRIPT = "/docs/reference.js";
export const REFERENCE_STYLES = "/docs/reference.css";

/**
 * Only this origin: the reference script and the OpenAPI document. Scripts need the request's nonce; styles may be
 * inline, because the reference sets style attributes of its own (a nonce in style-src would turn 'unsafe-inline'
 * off and leave parts of the page unstyled).
 */
function docsCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

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
  docs.get("/docs", (c) => {
    const nonce = crypto.randomUUID().replaceAll("-", "");
    c.header("content-security-policy", docsCsp(nonce));
    return c.html(referencePage(nonce));
  });
  return docs;
}

/** The reference page: the bundled UI pointed at this origin's `/openapi.json`, started by one nonce'd script. */
function referencePage(nonce: string): string {
  const start = `SwaggerUIBundle({ url: "/openapi.json", dom_id: "#reference", deepLinking: true, tryItOutEnabled: false, validatorUrl: null });`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OptiBlog Edge API</title>
<link rel="stylesheet" href="${REFERENCE_STYLES}">
</head>
<body>
<main id="reference"></main>
<script src="${REFERENCE_SCRIPT}" nonce="${nonce}"></script>
<script nonce="${nonce}">${start}</script>
</body>
</html>
`;
}
