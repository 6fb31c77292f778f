import type { MiddlewareHandler } from "hono";
import { edgeServices } from "../composition/edge";
import { jobServices } from "../composition/jobs";
import type { AppEnv } from "../http/context";

/**
 * Builds the job graph once for the request, with the request's logger, and the edges' other services; handlers
 * read them with `c.get("jobs")` and `c.get("edge")`.
 */
export function jobGraph(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("jobs", jobServices(c.env, { log: c.get("log") }));
    c.set("edge", edgeServices(c.env));
    await next();
  };
}
