import type { Context, MiddlewareHandler } from "hono";
import { rateLimitFor } from "../config";
import type { AppEnv } from "../http/context";
import { ProblemError } from "../http/problem";

const WINDOW_MS = 60_000;

/** The tenant's requests per minute, as its plan sets them. */
export function tenantRateLimitOf(c: Context<AppEnv>): number {
  return rateLimitFor(c.get("config"), c.get("tenant").plan);
}

/**
 * Takes `cost` tokens from the tenant's bucket in its Guard and sets the IETF RateLimit-* headers the response will
 * carry; a bucket without them refuses with 429 and `Retry-After`, taking none (`why` says what the cost was for).
 */
export async function takeTenantRate(c: Context<AppEnv>, cost: number, why?: string): Promise<void> {
  const capacity = tenantRateLimitOf(c);
  const decision = await c
    .get("jobs")
    .guards.tenant(c.get("tenant").id)
    .rateLimit("api", { capacity, windowMs: WINDOW_MS }, cost);
  const headers = {
    "ratelimit-limit": String(decision.limit),
    "ratelimit-remaining": String(decision.remaining),
    "ratelimit-reset": String(decision.resetSeconds),
  };
  c.set("rateLimitHeaders", headers);
  if (!decision.allowed) {
    const detail = `Rate limit of ${decision.limit} requests per minute exceeded${why ? `: ${why}` : ""}`;
    throw new ProblemError(429, "rate-limited", detail, {
      headers: { ...headers, "retry-after": String(decision.retryAfterSeconds) },
    });
  }
}

/** Per-tenant token bucket in the tenant's Guard: each request costs one token (a route may take more). */
export function tenantRateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await takeTenantRate(c, 1);
    await next();
    for (const [name, value] of Object.entries(c.get("rateLimitHeaders") ?? {})) c.res.headers.set(name, value);
  };
}
