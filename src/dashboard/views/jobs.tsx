import type { FC } from "hono/jsx";
import { JOB_STATUSES, type JobSummary } from "../api-types";
import { paths } from "../paths";
import { formatDate, ScoreBar, StatusBadge } from "./components";
import { Layout, type Viewer } from "./layout";

export interface JobsPageProps {
  viewer: Viewer;
  jobs: JobSummary[];
  status?: string;
  keyword?: string;
  nextCursor?: string | null;
  isFirstPage: boolean;
}

function pageLink(status: string | undefined, keyword: string | undefined, cursor?: string): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (keyword) params.set("keyword", keyword);
  if (cursor) params.set("cursor", cursor);
  return params.size ? `${paths.jobs}?${params}` : paths.jobs;
}

/** The tenant's jobs, newest first, with a status filter and cursor pagination. */
export const JobsPage: FC<JobsPageProps> = ({ viewer, jobs, status, keyword, nextCursor, isFirstPage }) => (
  <Layout title="Jobs" viewer={viewer} current="jobs">
    <h1>Jobs</h1>
    <form class="filters" method="get" action={paths.jobs}>
      <div class="field">
        <label for="status">Status</label>
        <select id="status" name="status">
          <option value="">Any status</option>
          {JOB_STATUSES.map((value) => (
            <option value={value} selected={value === status}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="keyword">Keyword contains</label>
        <input id="keyword" name="keyword" type="search" value={keyword ?? ""} maxlength={200} />
      </div>
      <button type="submit" class="secondary">
        Filter
      </button>
      <a class="button" href={paths.newJob}>
        New article
      </a>
    </form>
    {jobs.length === 0 ? (
      <p class="notice">
        No jobs{status ? ` with status “${status}”` : ""}
        {keyword ? ` matching “${keyword}”` : ""} yet.
      </p>
    ) : (
      <table class="jobs-table">
        <caption class="visually-hidden">Article jobs with their status and scores</caption>
        <thead>
          <tr>
            <th scope="col">Keyword</th>
            <th scope="col">Status</th>
            <th scope="col">Scores</th>
            <th scope="col">Created (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr>
              <td data-label="Keyword" class="keyword">
                <a href={paths.job(job.id)}>{job.keyword}</a>
              </td>
              <td data-label="Status">
                <StatusBadge status={job.status} />
                {job.error ? <p class="hint">{job.error.message}</p> : null}
              </td>
              <td data-label="Scores">
                {job.scores ? (
                  <>
                    <ScoreBar label="Overall" score={job.scores.overall} />
                    <ScoreBar label="SEO" score={job.scores.seo} />
                    <ScoreBar label="Quality" score={job.scores.quality} />
                  </>
                ) : (
                  <span class="hint">not scored yet</span>
                )}
              </td>
              <td data-label="Created (UTC)">{formatDate(job.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    <nav class="pager" aria-label="Pages">
      {isFirstPage ? null : <a href={pageLink(status, keyword)}>First page</a>}
      {nextCursor ? (
        <a href={pageLink(status, keyword, nextCursor)} rel="next">
          Next page
        </a>
      ) : null}
    </nav>
  </Layout>
);
