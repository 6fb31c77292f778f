import type { Context, MiddlewareHandler } from "hono";
import { rateLimitFor } from "../config";
import type { RateDecision } from "../core/ports/guard";
import type { AppEnv } from "../http/context";
import { ProblemError } from "../http/problem";

const WINDOW_MS = 60_000;
/** How long a client is asked to wait when the tenant's Guard cannot be reached: a restart or a blip, mostly. */
const UNREACHABLE_RETRY_AFTER_SECONDS = 5;

/** The tenant's requests per minute, as its plan sets them. */
export function tenantRateLimitOf(c: Context<AppEnv>): number {
  return rateLimitFor(c.get("config"), c.get("tenant").plan);
}

/**
 * Takes `cost` tokens from the tenant's bucket in its Guard and sets the IETF RateLimit-* headers the response will
 * carry; a bucket without them refuses with 429 and `Retry-After`, taking none (`why` says what the cost was for), and
 * a Guard that cannot be reached with 503 and `Retry-After`.
 */
export async function takeTenantRate(c: Context<AppEnv>, cost: number, why?: string): Promise<void> {
  const capacity = tenantRateLimitOf(c);
  let decision: RateDecision;
  try {
    decision = await c
      .get("jobs")
      .guards.tenant(c.get("tenant").id)
      .rateLimit("api", { capacity, windowMs: WINDOW_MS }, cost);
  } catch (error) {
    // Without the bucket nothing says the tenant is within its limit: the request is refused, to be tried again.
    c.get("log").warn("rate limiter unreachable; request refused", { error: String(error) });
    throw new ProblemError(503, "service-unavailable", "The rate limiter could not be reached; try again shortly", {
      headers: { "retry-after": String(UNREACHABLE_RETRY_AFTER_SECONDS) },
    });
  }
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
