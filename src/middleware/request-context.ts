import type { MiddlewareHandler } from "hono";
import { loadConfig } from "../config";
import type { AppEnv } from "../http/context";
import { createLogger } from "../logger";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request id in and out, config, and one JSON access-log line per request with tenant and latency. */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const config = loadConfig(c.env);
    c.set("requestId", requestId);
    c.set("config", config);
    c.set("log", createLogger(config.LOG_LEVEL, { requestId }));
    await next();
    c.res.headers.set("x-request-id", requestId);
    const tenant = c.get("tenant");
    c.get("log").info("request", {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      latencyMs: Date.now() - started,
      ...(tenant ? { tenantId: tenant.id } : {}),
    });
  };
}
