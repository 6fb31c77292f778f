import type { FC } from "hono/jsx";
import type { AnalyticsView } from "../analytics";
import { BarChart } from "./charts";
import { ScoreBar } from "./components";
import { Layout, type Viewer } from "./layout";

/** The tenant at a glance: how many jobs, how good, and why the failures failed. */
export const AnalyticsPage: FC<{ viewer: Viewer; analytics: AnalyticsView }> = ({ viewer, analytics }) => (
  <Layout title="Analytics" viewer={viewer} current="analytics">
    <h1>Analytics</h1>
    {analytics.truncated ? <p class="notice">These figures cover your most recent jobs only.</p> : null}
    <dl class="summary">
      <div>
        <dt>Jobs</dt>
        <dd>{analytics.totals.jobs}</dd>
      </div>
      <div>
        <dt>Runs completed</dt>
        <dd>{analytics.totals.completed}</dd>
      </div>
      <div>
        <dt>Runs failed</dt>
        <dd>{analytics.totals.failed}</dd>
      </div>
      <div>
        <dt>In progress</dt>
        <dd>{analytics.totals.running}</dd>
      </div>
      {analytics.totals.views !== undefined ? (
        <div>
          <dt>Article views</dt>
          <dd>{analytics.totals.views}</dd>
        </div>
      ) : null}
      {analytics.rating ? (
        <div>
          <dt>Reader rating</dt>
          <dd>
            {analytics.rating.average === null
              ? "no ratings yet"
              : `${analytics.rating.average} of 5 (${analytics.rating.count} ratings)`}
          </dd>
        </div>
      ) : null}
    </dl>

    <h2>Jobs per day</h2>
    <BarChart
      id="per-day"
      title="Jobs started per day, last two weeks (UTC)"
      unit="jobs"
      bars={analytics.perDay.map((day) => ({ label: day.date.slice(5), value: day.count }))}
    />

    <h2>Average scores</h2>
    <ScoreBar label="Overall" score={analytics.averages.overall} />
    <ScoreBar label="SEO" score={analytics.averages.seo} />
    <ScoreBar label="Quality" score={analytics.averages.quality} />

    <h2>Failure reasons</h2>
    {analytics.failureReasons.length ? (
      <BarChart
        id="failures"
        title="Failed jobs by reason"
        unit="jobs"
        bars={analytics.failureReasons.map((entry) => ({
          label: entry.reason.replaceAll("_", " "),
          value: entry.count,
        }))}
      />
    ) : (
      <p class="notice">No failed jobs.</p>
    )}
  </Layout>
);
