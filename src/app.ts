import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { mount } from "hono/mount";
import { secureHeaders } from "hono/secure-headers";
import { createDashboard } from "./dashboard/app";
import type { AppEnv } from "./http/context";
import { DASHBOARD_MARK_HEADER, dashboardMark } from "./http/dashboard-mark";
import { allowedMethods } from "./http/method-not-allowed";
import { ProblemError, problem } from "./http/problem";
import { adminAuth, apiKeyAuth } from "./middleware/auth";
import { httpMetrics } from "./middleware/http-metrics";
import { jobGraph } from "./middleware/job-services";
import { jsonText } from "./middleware/json-text";
import { tenantRateLimit } from "./middleware/rate-limit";
import { requestContext } from "./middleware/request-context";
import { adminRoutes } from "./routes/admin";
import { analyticsRoutes } from "./routes/analytics";
import { analyzeRoutes } from "./routes/analyze";
import { articleActionRoutes } from "./routes/article-actions";
import { articleEventRoutes } from "./routes/article-events";
import { articleRoutes } from "./routes/articles";
import { batchRoutes } from "./routes/batches";
import { cacheRoutes } from "./routes/cache";
import { docsRoutes } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { hookInboxRoutes, hookRoutes } from "./routes/hooks";
import { keyRoutes } from "./routes/keys";
import { metricsRoutes } from "./routes/metrics";
import { operationsRoutes } from "./routes/operations";
import { projectionRoutes } from "./routes/projections";
import { providerRoutes } from "./routes/providers";
import { researchRoutes } from "./routes/research";
import { sloRoutes } from "./routes/slo";
import { usageRoutes } from "./routes/usage";
import { webhookRoutes } from "./routes/webhooks";
import { writeRoutes } from "./routes/write";

/** The routes whose bodies carry the sources research returned (see MAX_SOURCES_BODY_BYTES). */
const CARRIES_SOURCES = new Set(["/v1/write", "/v1/analyze/quality"]);

/** The app factory: shared middleware, one error shape, and every resource mounted. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", requestContext());
  app.use("*", httpMetrics());
  app.use("*", jobGraph());
  app.use("*", secureHeaders({ crossOriginResourcePolicy: "cross-origin" }));
  app.use("*", async (c, next) => {
    const origins = c.get("config").CORS_ORIGINS;
    const anyOrigin = origins.length === 0 || origins.includes("*");
    // OPTIONS says what the path serves (and a preflight offers only that); a path with nothing is 404 as for GET.
    const preflight = c.req.method === "OPTIONS";
    const served = preflight ? allowedMethods(app.routes, c.req.path) : [];
    if (preflight && served.length === 0) return problem(c, 404, "not-found", `No resource at ${c.req.path}`);
    const allow = [...served, "OPTIONS"].sort();
    const response = await cors({
      origin: anyOrigin ? "*" : origins,
      credentials: !anyOrigin,
      ...(preflight ? { allowMethods: allow } : {}),
      // traceparent continues the caller's trace (tracestate travels with it): a browser's preflight that asks for them
      // and is not offered them blocks the request itself.
      allowHeaders: [
        "Authorization",
        "Content-Type",
        "Idempotency-Key",
        "X-Request-Id",
        "Last-Event-ID",
        "traceparent",
        "tracestate",
      ],
      exposeHeaders: [
        "X-Request-Id",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "Retry-After",
        "Location",
      ],
      maxAge: 600,
    })(c, next);
    if (preflight && response) response.headers.set("allow", allow.join(", "));
    return response;
  });
  app.use("*", async (c, next) => {
    const config = c.get("config");
    // Research as POST /v1/research answers it, handed back whole, is larger than any other body.
    const maxSize = CARRIES_SOURCES.has(c.req.path) ? config.MAX_SOURCES_BODY_BYTES : config.MAX_BODY_BYTES;
    return bodyLimit({
      maxSize,
      onError: (c) => problem(c, 413, "payload-too-large", `Request bodies are limited to ${maxSize} bytes here`),
    })(c, next);
  });

  app.route("/", healthRoutes());
  app.route("/", docsRoutes(app));
  // Signed inbound hooks carry no API key: the hook's signature is the credential.
  app.route("/", hookInboxRoutes());
  // The dashboard is a client of this same API: its pages call `/v1` in-process with the viewer's own key.
  const dashboard = createDashboard((env, ctx) => (request) => {
    const marked = new Request(request);
    marked.headers.set(DASHBOARD_MARK_HEADER, dashboardMark());
    return Promise.resolve(app.fetch(marked, env, ctx));
  });
  // Pages are read with GET (and HEAD) and acted on with POST forms; any other method is 405, as elsewhere.
  app.on(["GET", "POST"], "/dashboard/*", mount(dashboard.fetch, { replaceRequest: false }));

  // `/v1/admin` itself is the admin space too (the pattern matches it): its token, then a 404, never a tenant's 401.
  app.use("/v1/admin/*", adminAuth());
  const unlessAdmin =
    (middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
    (c, next) =>
      c.req.path === "/v1/admin" || c.req.path.startsWith("/v1/admin/") ? next() : middleware(c, next);
  app.use("/v1/*", unlessAdmin(apiKeyAuth()));
  app.use("/v1/*", unlessAdmin(tenantRateLimit()));
  app.use("/v1/*", jsonText());
  app.route("/v1/admin", adminRoutes());
  app.route("/v1/admin", providerRoutes());
  app.route("/v1/admin", cacheRoutes());
  app.route("/v1/admin", metricsRoutes());
  app.route("/v1/admin", sloRoutes());
  app.route("/v1/admin", operationsRoutes());
  app.route("/v1", keyRoutes());
  app.route("/v1", researchRoutes());
  app.route("/v1", analyzeRoutes());
  app.route("/v1", writeRoutes());
  app.route("/v1", webhookRoutes());
  app.route("/v1", hookRoutes());
  app.route("/v1/admin", projectionRoutes());
  app.route("/v1", articleRoutes());
  app.route("/v1", articleEventRoutes());
  app.route("/v1", articleActionRoutes());
  app.route("/v1", batchRoutes());
  app.route("/v1", analyticsRoutes());
  app.route("/v1", usageRoutes());

  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path);
    if (allow.length && !allow.includes(c.req.method)) {
      return problem(c, 405, "method-not-allowed", `${c.req.method} is not allowed here`, undefined, {
        allow: allow.join(", "),
      });
    }
    return problem(c, 404, "not-found", `No resource at ${c.req.path}`);
  });

  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      return problem(c, error.status, error.code, error.message, error.extra.errors, error.extra.headers);
    }
    // A request that does not match its route's schema is answered by the routers' validation hook and never gets
    // here: a ZodError that does is our own data refused on its way in or out (a stored row, an event), a 500 below,
    // not a 400 that blames the request and lists our fields.
    if (error instanceof HTTPException) {
      const status = error.status;
      if (status === 415) {
        return problem(c, 415, "unsupported-media-type", "Send the request body as application/json");
      }
      const code =
        status === 413
          ? "payload-too-large"
          : status === 401
            ? "unauthorized"
            : status < 500
              ? "bad-request"
              : "internal";
      return problem(c, status, code, status < 500 ? error.message : undefined);
    }
    c.get("log")?.error("unhandled error", {
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
    return problem(c, 500, "internal", "Something went wrong on our side; quote the request id when reporting it");
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
