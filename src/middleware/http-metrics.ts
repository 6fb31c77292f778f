import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { metricsDataset, metricsSink } from "../adapters/metrics/sink";
import { counter, observe } from "../core/metrics/samples";
import type { AppEnv } from "../http/context";

/** The route pattern that answered (never the raw path, so the label set stays small). */
export function routeLabel(c: Context): string {
  const handler = matchedRoutes(c).find((route) => route.method !== "ALL");
  return handler ? handler.path : "unmatched";
}

function waitUntilOf(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined;
  }
}

/** HTTP requests by route, method and status, and their handling time, recorded after the response. */
export function httpMetrics(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // The OpenAPI document is also served by an app with no bindings (tests, tooling): nothing to record into.
    if (!c.env?.DB) return;
    const route = routeLabel(c);
    const sink = metricsSink({
      db: c.env.DB,
      dataset: metricsDataset(c.env),
      waitUntil: waitUntilOf(c),
      log: c.get("log"),
    });
    sink.record([
      ...counter("optiblog_http_requests_total", { route, method: c.req.method, status: String(c.res.status) }),
      ...observe("optiblog_http_request_duration_seconds", { route }, (performance.now() - started) / 1000),
    ]);
  };
}
