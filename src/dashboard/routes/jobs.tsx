import { Hono } from "hono";
import { randomBase62 } from "../../core/ids";
import { JOB_STATUSES } from "../api-types";
import { latestFindings } from "../assessment";
import type { DashboardEnv } from "../context";
import { apiFailure } from "../failures";
import { PREVIEW_CSP } from "../headers";
import { DEFAULT_VALUES, fieldErrors, requestFromValues, valuesFromForm } from "../job-form";
import { paths } from "../paths";
import { page } from "../render";
import { asMessageEvents } from "../sse";
import { timelineOf } from "../timeline";
import { ErrorPage } from "../views/error";
import { JobPage } from "../views/job";
import { JobsPage } from "../views/jobs";
import { NewJobPage } from "../views/new-job";

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
const PAGE_SIZE = 20;

/** The jobs list, the new-article form, and one job's page, live stream and article preview. */
export function jobRoutes() {
  const app = new Hono<DashboardEnv>();
  const viewerOf = (c: { get(key: "session"): DashboardEnv["Variables"]["session"] }) => {
    const session = c.get("session");
    return { tenantName: session.tenantName, csrf: session.csrf };
  };

  app.get("/", (c) => c.redirect(paths.jobs, 303));

  app.get("/jobs", async (c) => {
    const requested = c.req.query("status") ?? "";
    const status = (JOB_STATUSES as readonly string[]).includes(requested) ? requested : undefined;
    const rawKeyword = c.req.query("keyword")?.trim();
    const keyword = rawKeyword && rawKeyword.length <= 200 ? rawKeyword : undefined;
    const rawCursor = c.req.query("cursor");
    const cursor = rawCursor && rawCursor.length <= 200 ? rawCursor : undefined;
    const result = await c.get("api").listJobs({ status, keyword, cursor, limit: PAGE_SIZE });
    if (!result.ok) return apiFailure(c, result.problem, "Your jobs could not be listed");
    return page(
      c,
      <JobsPage
        viewer={viewerOf(c)}
        jobs={result.value.data}
        status={status}
        keyword={keyword}
        nextCursor={result.value.nextCursor}
        isFirstPage={!cursor}
      />,
    );
  });

  app.get("/jobs/new", (c) =>
    page(c, <NewJobPage viewer={viewerOf(c)} values={DEFAULT_VALUES} errors={{}} submission={randomBase62(22)} />),
  );

  app.post("/jobs/new", async (c) => {
    const form = await c.req.parseBody();
    const values = valuesFromForm(form);
    const submission =
      typeof form.submission === "string" && /^[A-Za-z0-9]{22}$/.test(form.submission) ? form.submission : undefined;
    const created = await c.get("api").createJob(requestFromValues(values), submission && `dashboard-${submission}`);
    if (created.ok) return c.redirect(paths.job(created.value.id), 303);
    const { problem } = created;
    if (problem.status === 401) return apiFailure(c, problem, "The job was not started");
    const errors = fieldErrors(problem);
    const detail = problem.errors?.length
      ? "Correct the marked fields and try again."
      : (problem.detail ?? problem.title);
    const status = problem.status >= 400 && problem.status < 500 ? 400 : 502;
    return page(
      c,
      <NewJobPage
        viewer={viewerOf(c)}
        values={values}
        errors={errors}
        problem={detail}
        submission={randomBase62(22)}
      />,
      status,
    );
  });

  app.get("/jobs/:id", async (c) => {
    const id = c.req.param("id");
    const api = c.get("api");
    const notFound = () =>
      page(
        c,
        <ErrorPage viewer={viewerOf(c)} title="No such job" detail="It does not exist or belongs to another tenant." />,
        404,
      );
    if (!JOB_ID.test(id)) return notFound();
    const [job, events] = await Promise.all([api.getJob(id), api.events(id)]);
    if (!job.ok) {
      if (job.problem.status === 404) return notFound();
      return apiFailure(c, job.problem, "The job could not be loaded");
    }
    const history = events.ok ? events.value : [];
    const assessment = job.value.assessment;
    // The read model's status decides: a regenerated job runs again after an earlier completion event.
    const live = job.value.status !== "completed" && job.value.status !== "failed";
    return page(
      c,
      <JobPage
        viewer={viewerOf(c)}
        job={job.value}
        timeline={timelineOf(history)}
        seo={assessment?.seo}
        findings={assessment?.findings ?? latestFindings(history)}
        live={live}
      />,
    );
  });

  /** EventSource cannot send the API key, so the dashboard follows the stream for the browser. */
  app.get("/jobs/:id/events", async (c) => {
    const id = c.req.param("id");
    if (!JOB_ID.test(id)) return c.text("No such job", 404);
    const after = c.req.header("last-event-id") ?? c.req.query("after");
    // As the API reads it (at most nine digits): a longer one would make the API answer 400 instead of the stream.
    const lastEventId = after && /^\d{1,9}$/.test(after) ? after : undefined;
    // A HEAD asks the API with HEAD too: a stream opened for it would poll the job's log for a body no one reads.
    const head = c.req.method === "HEAD";
    const upstream = await c.get("api").eventStream(id, lastEventId, head ? "HEAD" : "GET");
    const type = upstream.headers.get("content-type") ?? "";
    if (!upstream.ok || (!head && !upstream.body) || !type.startsWith("text/event-stream")) {
      await upstream.body?.cancel();
      return c.text("The job's events are not available", upstream.status === 404 ? 404 : 502);
    }
    const headers = {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    };
    if (head || !upstream.body) return new Response(null, { headers });
    return new Response(asMessageEvents(upstream.body), { headers });
  });

  app.get("/jobs/:id/preview", async (c) => {
    const id = c.req.param("id");
    if (!JOB_ID.test(id)) return c.text("No such job", 404);
    const article = await c.get("api").articleHtml(id);
    if (!article.ok)
      return c.text(article.problem.detail ?? article.problem.title, article.problem.status === 404 ? 404 : 409);
    return c.body(article.value, 200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": PREVIEW_CSP,
      "cache-control": "no-store",
    });
  });

  return app;
}
