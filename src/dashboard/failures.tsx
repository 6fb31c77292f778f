import type { Context } from "hono";
import type { ApiProblem } from "./api-types";
import type { DashboardEnv } from "./context";
import { clearCookie, SESSION_COOKIE } from "./cookies";
import { paths } from "./paths";
import { page } from "./render";
import { SessionStore } from "./session";
import { ErrorPage } from "./views/error";

/**
 * A page for an API call that failed. A 401 means the session's key was revoked or its tenant disabled:
 * the session is useless, so it ends and the viewer signs in again.
 */
export async function apiFailure(c: Context<DashboardEnv>, problem: ApiProblem, title: string) {
  if (problem.status === 401) {
    await new SessionStore(c.env.CACHE).delete(c.get("sessionId"));
    clearCookie(c, SESSION_COOKIE);
    return c.redirect(paths.login, 303);
  }
  const session = c.get("session");
  return page(
    c,
    <ErrorPage
      viewer={{ tenantName: session.tenantName, csrf: session.csrf }}
      title={title}
      detail={problem.detail ?? problem.title}
      requestId={problem.requestId}
    />,
    problem.status === 429 ? 429 : 502,
  );
}
