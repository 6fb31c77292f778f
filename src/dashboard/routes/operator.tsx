import { Hono, type MiddlewareHandler } from "hono";
import { randomBase62 } from "../../core/ids";
import { tokensMatch } from "../../middleware/auth";
import type { ApiFetchFactory, DashboardEnv } from "../context";
import { clearCookie, LOGIN_COOKIE, OPS_COOKIE, readCookie, setLoginCookie, setOpsCookie } from "../cookies";
import { CSRF_FIELD, csrfFieldMatches, executionCtxOf, fromSameOrigin } from "../guards";
import { OperatorApi } from "../operator-api";
import { paths } from "../paths";
import { page } from "../render";
import { type Session, SessionStore } from "../session";
import { ErrorPage } from "../views/error";
import { OperatorLoginPage, OperatorPage, type OperatorView } from "../views/operator";

type OpsEnv = DashboardEnv & { Variables: { operator: Session; operatorSessionId: string } };

/** Operator pages: signed in with the admin token, kept server-side in a session of its own cookie. */
export function operatorRoutes(apiFetchFor: ApiFetchFactory) {
  const app = new Hono<OpsEnv>();
  const api = (c: Parameters<MiddlewareHandler<OpsEnv>>[0], token: string) =>
    new OperatorApi(apiFetchFor(c.env, executionCtxOf(c)), new URL(c.req.url).origin, token);

  const showForm = (c: Parameters<MiddlewareHandler<OpsEnv>>[0], status: 200 | 400 | 401 | 403, error?: string) => {
    const token = randomBase62(43);
    setLoginCookie(c, token);
    return page(c, <OperatorLoginPage token={token} error={error} />, status);
  };

  app.get("/ops/login", (c) => showForm(c, 200));
  app.post("/ops/login", async (c) => {
    const form = await c.req.parseBody();
    const expected = readCookie(c, LOGIN_COOKIE);
    const presented = form[CSRF_FIELD];
    const genuine =
      fromSameOrigin(c) && !!expected && typeof presented === "string" && (await tokensMatch(presented, expected));
    if (!genuine) return showForm(c, 403, "This sign-in form has expired. Please enter the token again.");
    const token = typeof form.token === "string" ? form.token.trim() : "";
    if (!token || token.length > 500) return showForm(c, 400, "Enter the admin token.");
    const probe = await api(c, token).queues();
    if (!probe.ok) return showForm(c, 401, "That admin token was not accepted.");
    const sessions = new SessionStore(c.env.CACHE);
    await sessions.delete(readCookie(c, OPS_COOKIE));
    const { id } = await sessions.create(token, { id: "operator", name: "Operator" });
    setOpsCookie(c, id);
    clearCookie(c, LOGIN_COOKIE);
    return c.redirect(paths.ops, 303);
  });

  app.use("/ops", operatorSession());
  app.use("/ops/*", operatorSession());

  app.post("/ops/logout", async (c) => {
    if (!fromSameOrigin(c) || !(await csrfFieldMatches(c, c.get("operator").csrf)))
      return page(c, <ErrorPage title="Request refused" detail="Reload the page and try again." />, 403);
    await new SessionStore(c.env.CACHE).delete(c.get("operatorSessionId"));
    clearCookie(c, OPS_COOKIE);
    return c.redirect(paths.opsLogin, 303);
  });

  app.get("/ops", async (c) => {
    const operator = c.get("operator");
    const client = api(c, operator.key);
    const [providers, queues, slo, failures] = await Promise.all([
      client.providers(),
      client.queues(),
      client.slo(),
      client.failures(),
    ]);
    const parts = { providers, queues, slo, failures };
    // The admin token the session holds is refused (it was rotated): the session is useless, so it ends.
    if (Object.values(parts).some((result) => !result.ok && result.problem.status === 401)) {
      await new SessionStore(c.env.CACHE).delete(c.get("operatorSessionId"));
      clearCookie(c, OPS_COOKIE);
      return c.redirect(paths.opsLogin, 303);
    }
    const view: OperatorView = { unavailable: [] };
    for (const [name, result] of Object.entries(parts)) {
      if (result.ok) Object.assign(view, { [name]: result.value });
      else view.unavailable.push(name);
    }
    return page(c, <OperatorPage csrf={operator.csrf} view={view} />);
  });

  return app;
}

/** Without an operator session, every operator page sends the browser to the operator sign-in. */
function operatorSession(): MiddlewareHandler<OpsEnv> {
  return async (c, next) => {
    if (c.req.path === paths.opsLogin) return next();
    const id = readCookie(c, OPS_COOKIE);
    const session = await new SessionStore(c.env.CACHE).get(id);
    if (!session || !id || session.tenantId !== "operator") return c.redirect(paths.opsLogin, 303);
    c.set("operator", session);
    c.set("operatorSessionId", id);
    await next();
  };
}
