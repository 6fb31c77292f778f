import { Hono } from "hono";
import { analyticsFromJobs } from "../analytics";
import type { JobSummary } from "../api-types";
import type { DashboardEnv } from "../context";
import { page } from "../render";
import { AnalyticsPage } from "../views/analytics";
import { ErrorPage } from "../views/error";

/** Reading stops here: the page stays fast for a large tenant and says when it shows the newest jobs only. */
const MAX_PAGES = 5;
const PAGE_SIZE = 100;

export function analyticsRoutes() {
  const app = new Hono<DashboardEnv>();

  app.get("/analytics", async (c) => {
    const api = c.get("api");
    const session = c.get("session");
    const viewer = { tenantName: session.tenantName, csrf: session.csrf };
    const jobs: JobSummary[] = [];
    let cursor: string | undefined;
    for (let read = 0; read < MAX_PAGES; read++) {
      const result = await api.listJobs({ cursor, limit: PAGE_SIZE });
      if (!result.ok) {
        return page(
          c,
          <ErrorPage
            viewer={viewer}
            title="Analytics are not available"
            detail={result.problem.detail ?? result.problem.title}
            requestId={result.problem.requestId}
          />,
          502,
        );
      }
      jobs.push(...result.value.data);
      cursor = result.value.nextCursor ?? undefined;
      if (!cursor) break;
    }
    return page(
      c,
      <AnalyticsPage viewer={viewer} analytics={analyticsFromJobs(jobs, new Date(), cursor !== undefined)} />,
    );
  });

  return app;
}
