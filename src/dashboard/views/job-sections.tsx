import type { FC } from "hono/jsx";
import type { JobSource, JobView, SeoReportView } from "../api-types";
import type { FindingView } from "../assessment";
import { ScoreBar } from "./components";

const checkName = (id: string) =>
  id
    .replace(/[-_]/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();

/** SEO checks as score bars with their messages, and what the quality checks found in the kept draft. */
export const ChecksSection: FC<{ seo?: SeoReportView; findings: FindingView[]; qualityScore?: number }> = ({
  seo,
  findings,
  qualityScore,
}) => (
  <>
    <h2>Checks</h2>
    <h3>
      SEO checks{seo ? ` · ${Math.round(seo.score)}/100` : ""}
      {seo?.grade ? ` (grade ${seo.grade})` : ""}
    </h3>
    {seo ? (
      <ul class="checks">
        {seo.checks.map((check) => (
          <li>
            <ScoreBar label={checkName(check.id)} score={check.score} />
            <p class="check-message">{check.message}</p>
          </li>
        ))}
      </ul>
    ) : (
      <p class="notice">SEO checks appear once the article is written.</p>
    )}
    <h3>Quality findings{qualityScore !== undefined ? ` · ${Math.round(qualityScore)}/100` : ""}</h3>
    {findings.length ? (
      <ul class="checks">
        {findings.map((finding) => (
          <li>
            <strong>
              {finding.severity} · {checkName(finding.check)}:
            </strong>{" "}
            {finding.message}
          </li>
        ))}
      </ul>
    ) : (
      <p class="notice">No quality findings recorded.</p>
    )}
  </>
);

/** Where research read a page: a cache tier, or the web (a 304 confirmed the cached copy when revalidated). */
const READ_FROM: Record<string, string> = {
  l1: "cache (memory)",
  l2: "cache (KV)",
  l3: "cache (D1)",
  revalidated: "cache, confirmed by the site (304)",
  origin: "the web",
};

/** Every source the research looked at, usable or not, why not, how much it is about the keyword, and where it was read from. */
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
            <th scope="col">Relevance</th>
            <th scope="col">Read from</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => {
            // Listed under the address the article cites: where the redirects ended, not where they began.
            const cited = source.finalUrl || source.url;
            return (
              <tr>
                <td>
                  {source.title ? <span>{source.title}</span> : null}
                  <br />
                  <code class="source-url">{cited}</code>
                  {cited === source.url ? null : (
                    <p class="hint">
                      requested as <code class="source-url">{source.url}</code>
                    </p>
                  )}
                </td>
                <td>{source.status === "ok" ? "used" : source.status.replaceAll("_", " ")}</td>
                <td>
                  {source.reason ? source.reason.replaceAll("_", " ") : "—"}
                  {source.detail ? <p class="hint source-detail">{source.detail}</p> : null}
                </td>
                <td>{source.wordCount ?? "—"}</td>
                <td class="relevance">{typeof source.relevance === "number" ? source.relevance.toFixed(2) : "—"}</td>
                <td class="read-from">{source.cache ? (READ_FROM[source.cache] ?? source.cache) : "—"}</td>
              </tr>
            );
          })}
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
