import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { randomBase62 } from "../../core/ids";
import { tokensMatch } from "../../middleware/auth";
import { DashboardApi } from "../api";
import type { ApiFetchFactory, DashboardEnv } from "../context";
import { clearCookie, LOGIN_COOKIE, readCookie, SESSION_COOKIE, setLoginCookie, setSessionCookie } from "../cookies";
import { CSRF_FIELD, executionCtxOf, fromSameOrigin } from "../guards";
import { paths } from "../paths";
import { page } from "../render";
import { SessionStore } from "../session";
import { LoginPage } from "../views/login";

/** Only a path inside the dashboard may be a destination after signing in (no open redirect). */
function safeNext(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 500) return undefined;
  return /^\/dashboard(\/[^/\\]|\/?$|\?)/.test(value) && !value.includes("\\") ? value : undefined;
}

function rejection(status: number): string {
  if (status === 401 || status === 403) return "That API key was not accepted. Check it and try again.";
  if (status === 429) return "Too many attempts. Wait a minute and try again.";
  return "The API could not be reached. Try again shortly.";
}

/** Sign in (a key checked against `GET /v1/me`, kept server-side in a session) and the sign-in form. */
export function authRoutes(apiFetchFor: ApiFetchFactory) {
  const app = new Hono<DashboardEnv>();

  const showForm = (c: Context<DashboardEnv>, status: ContentfulStatusCode, error?: string, next?: string) => {
    const token = randomBase62(43);
    setLoginCookie(c, token);
    return page(c, <LoginPage token={token} next={next} error={error} />, status);
  };

  app.get("/login", async (c) => {
    const session = await new SessionStore(c.env.CACHE).get(readCookie(c, SESSION_COOKIE));
    const next = safeNext(c.req.query("next"));
    if (session) return c.redirect(next ?? paths.jobs, 303);
    return showForm(c, 200, undefined, next);
  });

  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const expected = readCookie(c, LOGIN_COOKIE);
    const presented = form[CSRF_FIELD];
    const genuine =
      fromSameOrigin(c) && !!expected && typeof presented === "string" && (await tokensMatch(presented, expected));
    if (!genuine) return showForm(c, 403, "This sign-in form has expired. Please enter your key again.", next);

    const key = typeof form.key === "string" ? form.key.trim() : "";
    if (!key || key.length > 200) return showForm(c, 400, "Enter an API key.", next);
    const api = new DashboardApi(apiFetchFor(c.env, executionCtxOf(c)), new URL(c.req.url).origin, key);
    const me = await api.me();
    if (!me.ok) {
      const status = me.problem.status === 429 ? 429 : me.problem.status < 500 ? 401 : 502;
      return showForm(c, status, rejection(me.problem.status), next);
    }
    const sessions = new SessionStore(c.env.CACHE);
    // Signing in always starts a new session id; one this browser held before is ended, not reused.
    await sessions.delete(readCookie(c, SESSION_COOKIE));
    const { id } = await sessions.create(key, me.value);
    setSessionCookie(c, id);
    clearCookie(c, LOGIN_COOKIE);
    return c.redirect(next ?? paths.jobs, 303);
  });

  return app;
}
