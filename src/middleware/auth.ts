import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/context";
import { problem } from "../http/problem";

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

async function digest(value: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
}

/** Constant-time comparison of the admin token (both sides hashed to equal length first). */
export async function tokensMatch(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.get("config").ADMIN_TOKEN;
    const presented = bearer(c.req.header("authorization"));
    if (!expected) return problem(c, 503, "service-unavailable", "ADMIN_TOKEN is not configured");
    if (!presented || !(await tokensMatch(presented, expected))) {
      return problem(c, 401, "unauthorized", "A valid admin token is required", undefined, {
        "www-authenticate": 'Bearer realm="admin"',
      });
    }
    await next();
  };
}

/** API-key auth for the whole `/v1/*` space: a bad key is 401 even on unknown paths. */
export function apiKeyAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = bearer(c.req.header("authorization"));
    const tenant = presented ? await c.get("edge").tenants().authenticate(presented) : undefined;
    if (!tenant) {
      return problem(c, 401, "unauthorized", "A valid API key is required (Authorization: Bearer obk_...)", undefined, {
        "www-authenticate": 'Bearer realm="api"',
      });
    }
    c.set("tenant", tenant);
    c.set("log", c.get("log").with({ tenantId: tenant.id }));
    await next();
  };
}
