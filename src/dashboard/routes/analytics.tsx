import { Hono } from "hono";
import { analyticsOf } from "../analytics";
import type { DashboardApi } from "../api";
import type { JobSummary } from "../api-types";
import type { DashboardEnv } from "../context";
import { apiFailure } from "../failures";
import { page } from "../render";
import { AnalyticsPage } from "../views/analytics";

/** Reading stops here, so the page stays fast for a large tenant and says when it shows the newest jobs only. */
const MAX_PAGES = 5;
const PAGE_SIZE = 100;
/** The job list carries no failure reason; this many failed jobs are looked up one by one. */
const MAX_FAILURE_LOOKUPS = 25;

async function newestJobs(api: DashboardApi) {
  const jobs: JobSummary[] = [];
  let cursor: string | undefined;
  for (let read = 0; read < MAX_PAGES; read++) {
    const result = await api.listJobs({ cursor, limit: PAGE_SIZE });
    if (!result.ok) return result;
    jobs.push(...result.value.data);
    cursor = result.value.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { ok: true as const, value: { jobs, truncated: cursor !== undefined } };
}

async function failureCodes(api: DashboardApi, jobs: JobSummary[]): Promise<Map<string, string>> {
  const failed = jobs.filter((job) => job.status === "failed" && !job.error).slice(0, MAX_FAILURE_LOOKUPS);
  const looked = await Promise.all(failed.map(async (job) => [job.id, await api.getJob(job.id)] as const));
  const codes = new Map<string, string>();
  for (const [id, result] of looked) if (result.ok && result.value.error) codes.set(id, result.value.error.code);
  return codes;
}

export function analyticsRoutes() {
  const app = new Hono<DashboardEnv>();

  app.get("/analytics", async (c) => {
    const api = c.get("api");
    const session = c.get("session");
    const viewer = { tenantName: session.tenantName, csrf: session.csrf };
    const [totals, newest] = await Promise.all([api.tenantTotals(), newestJobs(api)]);
    if (!newest.ok) return apiFailure(c, newest.problem, "Analytics are not available");
    const analytics = analyticsOf({
      totals: totals.ok ? totals.value : undefined,
      jobs: newest.value.jobs,
      failureCodes: await failureCodes(api, newest.value.jobs),
      today: new Date(),
      truncated: newest.value.truncated,
    });
    return page(c, <AnalyticsPage viewer={viewer} analytics={analytics} />);
  });

  return app;
}
