import type { MiddlewareHandler } from "hono";
import { rateLimitFor } from "../config";
import type { AppEnv } from "../http/context";
import { problem } from "../http/problem";

/** Per-tenant token bucket in the tenant's Guard, with the IETF RateLimit-* headers. */
export function tenantRateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const tenant = c.get("tenant");
    const capacity = rateLimitFor(c.get("config"), tenant.plan);
    const decision = await c.get("jobs").guards.tenant(tenant.id).rateLimit("api", { capacity, windowMs: 60_000 });
    const headers = {
      "ratelimit-limit": String(decision.limit),
      "ratelimit-remaining": String(decision.remaining),
      "ratelimit-reset": String(decision.resetSeconds),
    };
    if (!decision.allowed) {
      return problem(
        c,
        429,
        "rate-limited",
        `Rate limit of ${decision.limit} requests per minute exceeded`,
        undefined,
        {
          ...headers,
          "retry-after": String(decision.retryAfterSeconds),
        },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
