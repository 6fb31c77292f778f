import type { FC } from "hono/jsx";
import type { JobView, SeoReportView } from "../api-types";
import type { FindingView } from "../assessment";
import { paths } from "../paths";
import type { TimelineEntry } from "../timeline";
import { formatDate, ProblemAlert, ScoreBar, StatusBadge } from "./components";
import { ChecksSection, SourcesSection, UsageSection } from "./job-sections";
import { Layout, type Viewer } from "./layout";

export interface JobPageProps {
  viewer: Viewer;
  job: JobView;
  timeline: TimelineEntry[];
  seo?: SeoReportView;
  findings: FindingView[];
  live: boolean;
}

/** One job: where it is, what happened, how good the result is, and the article itself. */
export const JobPage: FC<JobPageProps> = ({ viewer, job, timeline, seo, findings, live }) => (
  <Layout title={`Job: ${job.keyword}`} viewer={viewer} current="jobs" refreshSeconds={live ? 5 : undefined}>
    <h1>{job.keyword}</h1>
    <dl class="summary">
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={job.status} />
        </dd>
      </div>
      <div>
        <dt>Stage</dt>
        <dd>{job.stage ?? "—"}</dd>
      </div>
      <div>
        <dt>Attempts</dt>
        <dd>{job.attempts ?? 0}</dd>
      </div>
      <div>
        <dt>Passed the gate</dt>
        <dd>{job.passed === true ? "yes" : job.passed === false ? "no" : "—"}</dd>
      </div>
      <div>
        <dt>Created (UTC)</dt>
        <dd>{formatDate(job.createdAt)}</dd>
      </div>
      <div>
        <dt>Job id</dt>
        <dd>
          <code>{job.id}</code>
        </dd>
      </div>
    </dl>
    {job.error ? <ProblemAlert title="The job failed." detail={`${job.error.message} (${job.error.code})`} /> : null}

    <h2>Scores</h2>
    {job.scores ? (
      <div data-testid="scores">
        <ScoreBar label="Overall" score={job.scores.overall} />
        <ScoreBar label="SEO" score={job.scores.seo} />
        <ScoreBar label="Quality" score={job.scores.quality} />
      </div>
    ) : (
      <p class="notice">Not scored yet.</p>
    )}

    <h2 id="timeline-heading">Timeline</h2>
    {live ? (
      <p role="status" data-live-status>
        Following this job live…
      </p>
    ) : null}
    <ol
      class="timeline"
      aria-labelledby="timeline-heading"
      data-live-events={live ? `${paths.jobEvents(job.id)}?after=${timeline.at(-1)?.version ?? 0}` : undefined}
    >
      {timeline.map((entry) => (
        <li data-version={String(entry.version)}>
          <strong>{entry.label}</strong>
          {entry.time ? <time datetime={entry.time}>{formatDate(entry.time)}</time> : null}
          {entry.detail ? <span class="detail">{entry.detail}</span> : null}
        </li>
      ))}
    </ol>

    {job.status === "completed" ? (
      <>
        <h2>Article preview</h2>
        <p>
          {job.article?.title ? <strong>{job.article.title}</strong> : null}
          {job.article?.wordCount ? ` · ${job.article.wordCount} words` : ""} ·{" "}
          <a href={paths.jobPreview(job.id)} target="_blank" rel="noopener">
            Open the preview on its own
          </a>
        </p>
        <iframe
          class="preview"
          title={`Preview of the article for ${job.keyword}`}
          src={paths.jobPreview(job.id)}
          sandbox=""
          referrerpolicy="no-referrer"
          loading="lazy"
        />
      </>
    ) : null}

    <ChecksSection seo={seo} findings={findings} qualityScore={job.scores?.quality} />
    <SourcesSection sources={job.sources ?? []} />
    {/* The extractive writer calls no model: there are no calls, tokens or cost to show. */}
    {job.article?.kind === "extractive" ? null : <UsageSection usage={job.usage ?? undefined} />}
  </Layout>
);
