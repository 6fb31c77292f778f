import type { MiddlewareHandler } from "hono";
import { jobServices } from "../composition/jobs";
import type { AppEnv } from "../http/context";

/** Builds the job graph once for the request, with the request's logger; handlers read it with `c.get("jobs")`. */
export function jobGraph(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("jobs", jobServices(c.env, { log: c.get("log") }));
    await next();
  };
}
