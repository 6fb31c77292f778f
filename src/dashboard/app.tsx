import { Hono } from "hono";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { LIVE_JS } from "./assets/live";
import { DASHBOARD_CSS } from "./assets/styles";
import type { ApiFetchFactory, DashboardEnv } from "./context";
import { clearCookie, SESSION_COOKIE } from "./cookies";
import { requireSession, verifyForm } from "./guards";
import { pageHeaders } from "./headers";
import { BASE, paths } from "./paths";
import { page } from "./render";
import { analyticsRoutes } from "./routes/analytics";
import { authRoutes } from "./routes/auth";
import { jobRoutes } from "./routes/jobs";
import { operatorRoutes } from "./routes/operator";
import { SessionStore } from "./session";
import { ErrorPage } from "./views/error";

/**
 * The dashboard: server-rendered pages that act through the public API with the signed-in tenant's key.
 * It owns sessions and presentation only; every fact it shows comes from `/v1`.
 */
export function createDashboard(apiFetchFor: ApiFetchFactory) {
  const app = new Hono<DashboardEnv>().basePath(BASE);
  app.use("*", pageHeaders());

  const asset = (body: string, type: string) => () =>
    new Response(body, { headers: { "content-type": type, "cache-control": "public, max-age=300" } });
  app.get("/assets/dashboard.css", asset(DASHBOARD_CSS, "text/css; charset=utf-8"));
  app.get("/assets/live.js", asset(LIVE_JS, "text/javascript; charset=utf-8"));

  app.route("/", authRoutes(apiFetchFor));
  // Operator pages sign in with the admin token, apart from tenant sessions.
  app.route("/", operatorRoutes(apiFetchFor));

  app.use("*", requireSession(apiFetchFor));
  app.use(
    "*",
    verifyForm((c) => {
      const session = c.get("session");
      const viewer = { tenantName: session.tenantName, csrf: session.csrf };
      const detail = "The form was not sent from this dashboard, or it has expired. Reload the page and try again.";
      return page(c, <ErrorPage viewer={viewer} title="Request refused" detail={detail} />, 403);
    }),
  );

  app.post("/logout", async (c) => {
    await new SessionStore(c.env.CACHE).delete(c.get("sessionId"));
    clearCookie(c, SESSION_COOKIE);
    return c.redirect(paths.login, 303);
  });
  app.route("/", jobRoutes());
  app.route("/", analyticsRoutes());

  app.notFound((c) =>
    page(c, <ErrorPage title="Page not found" detail="There is no dashboard page at this address." />, 404),
  );
  app.onError((error, c) => {
    createLogger(loadConfig(c.env).LOG_LEVEL).error("dashboard error", {
      path: new URL(c.req.url).pathname,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
    return page(
      c,
      <ErrorPage title="Something went wrong" detail="The dashboard could not show this page. Try again shortly." />,
      500,
    );
  });
  return app;
}
