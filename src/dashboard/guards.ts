import type { Context, ExecutionContext, MiddlewareHandler } from "hono";
import { tokensMatch } from "../middleware/auth";
import { DashboardApi } from "./api";
import type { ApiFetchFactory, DashboardEnv } from "./context";
import { readCookie, SESSION_COOKIE } from "./cookies";
import { paths } from "./paths";
import { SessionStore } from "./session";

export const CSRF_FIELD = "_csrf";

/** A POST must come from a page of this origin: Origin and Sec-Fetch-Site, where the browser sends them. */
export function fromSameOrigin(c: Context): boolean {
  const origin = c.req.header("origin");
  const site = c.req.header("sec-fetch-site");
  if (origin !== undefined && origin !== new URL(c.req.url).origin) return false;
  return site === undefined || site === "same-origin";
}

export async function csrfFieldMatches(c: Context, expected: string): Promise<boolean> {
  const form = await c.req.parseBody();
  const presented = form[CSRF_FIELD];
  return typeof presented === "string" && (await tokensMatch(presented, expected));
}

/** Every page but sign-in needs a session; without one, GETs go to the sign-in page with a way back. */
export function requireSession(apiFetchFor: ApiFetchFactory): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const sessionId = readCookie(c, SESSION_COOKIE);
    const session = await new SessionStore(c.env.CACHE).get(sessionId);
    if (!session || !sessionId) {
      const url = new URL(c.req.url);
      const back = c.req.method === "GET" ? `?next=${encodeURIComponent(url.pathname + url.search)}` : "";
      return c.redirect(`${paths.login}${back}`, 303);
    }
    const apiFetch = apiFetchFor(c.env, executionCtxOf(c));
    c.set("session", session);
    c.set("sessionId", sessionId);
    c.set("apiFetch", apiFetch);
    c.set("api", new DashboardApi(apiFetch, new URL(c.req.url).origin, session.key));
    await next();
  };
}

/** Every state-changing request carries the session's CSRF token and comes from this origin. */
export function verifyForm(onReject: (c: Context<DashboardEnv>) => Response | Promise<Response>) {
  const check: MiddlewareHandler<DashboardEnv> = async (c, next) => {
    if (c.req.method !== "POST") return next();
    if (!fromSameOrigin(c) || !(await csrfFieldMatches(c, c.get("session").csrf))) return onReject(c);
    await next();
  };
  return check;
}

export function executionCtxOf(c: Context): ExecutionContext | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}
