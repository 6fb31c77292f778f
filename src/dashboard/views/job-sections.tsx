import type { FC } from "hono/jsx";
import type { JobSource, JobView } from "../api-types";
import type { AssessmentView } from "../assessment";
import { ScoreBar } from "./components";

const checkName = (id: string) => id.replace(/[-_]/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2");

/** SEO and quality checks as score bars, each with what it found. */
export const ChecksSection: FC<{ assessment?: AssessmentView }> = ({ assessment }) => (
  <>
    <h2>Checks</h2>
    {assessment ? (
      <>
        <h3>
          SEO · {Math.round(assessment.seo.score)}/100{assessment.seo.grade ? ` (grade ${assessment.seo.grade})` : ""}
        </h3>
        {assessment.seo.checks.map((check) => (
          <div>
            <ScoreBar label={checkName(check.id)} score={check.score} />
            {check.message ? <p class="check-message">{check.message}</p> : null}
          </div>
        ))}
        <h3>Quality · {Math.round(assessment.quality.score)}/100</h3>
        {assessment.quality.checks.map((check) => (
          <div>
            <ScoreBar label={checkName(check.id)} score={check.score} />
            {check.findings.map((finding) => (
              <p class="check-message">
                {finding.severity ? `${finding.severity}: ` : ""}
                {finding.message}
              </p>
            ))}
          </div>
        ))}
      </>
    ) : (
      <p class="notice">No assessment yet.</p>
    )}
  </>
);

/** Every source the research looked at, usable or not, and why not. */
export const SourcesSection: FC<{ sources: JobSource[] }> = ({ sources }) => (
  <>
    <h2>Sources</h2>
    {sources.length ? (
      <table>
        <thead>
          <tr>
            <th scope="col">Page</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Words</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr>
              <td>
                {source.title ? <span>{source.title}</span> : null}
                <br />
                <code>{source.url}</code>
              </td>
              <td>{source.status === "ok" ? "used" : source.status.replaceAll("_", " ")}</td>
              <td>{source.reason ? source.reason.replaceAll("_", " ") : "—"}</td>
              <td>{source.wordCount ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p class="notice">No sources yet.</p>
    )}
  </>
);

const number = new Intl.NumberFormat("en-US");

/** What the job cost: model calls, tokens and money. */
export const UsageSection: FC<{ usage?: JobView["usage"] }> = ({ usage }) => (
  <>
    <h2>Cost and tokens</h2>
    <dl class="summary">
      <div>
        <dt>Model calls</dt>
        <dd>{number.format(usage?.calls ?? 0)}</dd>
      </div>
      <div>
        <dt>Input tokens</dt>
        <dd>{number.format(usage?.inputTokens ?? 0)}</dd>
      </div>
      <div>
        <dt>Output tokens</dt>
        <dd>{number.format(usage?.outputTokens ?? 0)}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>${(usage?.costUsd ?? 0).toFixed(4)}</dd>
      </div>
    </dl>
  </>
);
