import type { FC } from "hono/jsx";
import { CSRF_FIELD } from "../guards";
import type { Failures, Providers, Queues, Slos } from "../operator-api";
import { paths } from "../paths";
import { BarChart } from "./charts";
import { Layout } from "./layout";

const seconds = (value: number | null) =>
  value === null ? "—" : value < 120 ? `${value} s` : `${Math.round(value / 60)} min`;
const windowName = (value: number) => (value < 3600 ? `${value / 60} min` : `${value / 3600} h`);

/** Sign in with the admin token; the token stays on the server, in the operator's session. */
export const OperatorLoginPage: FC<{ token: string; error?: string }> = ({ token, error }) => (
  <Layout title="Operator sign in">
    <h1>Operator sign in</h1>
    <form method="post" action={paths.opsLogin} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={token} />
      <div class="field">
        <label for="token">Admin token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
          size={48}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "token-error" : undefined}
        />
        {error ? (
          <p class="field-error" id="token-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit">Sign in</button>
    </form>
  </Layout>
);

export interface OperatorView {
  providers?: Providers;
  queues?: Queues;
  slo?: Slos;
  failures?: Failures;
  unavailable: string[];
}

/** One page for the operator: providers, stage backlog, SLO burn and the latest failures with trace ids. */
export const OperatorPage: FC<{ csrf: string; view: OperatorView }> = ({ csrf, view }) => (
  <Layout title="Operations" refreshSeconds={60}>
    <h1>Operations</h1>
    <form method="post" action={paths.opsLogout}>
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <button type="submit" class="secondary">
        Sign out
      </button>
    </form>
    {view.unavailable.length ? <p role="status">Not available now: {view.unavailable.join(", ")}.</p> : null}

    <section aria-labelledby="slo-heading">
      <h2 id="slo-heading">Service level objectives</h2>
      {view.slo ? (
        <>
          <BarChart
            id="slo-burn"
            title="Error budget burn rate over the shortest window (1 = on budget)"
            unit="burn rate"
            bars={view.slo.data.map((slo) => ({ label: slo.name, value: slo.windows[0]?.burnRate ?? 0 }))}
          />
          <table>
            <thead>
              <tr>
                <th scope="col">Objective</th>
                <th scope="col">Target</th>
                {view.slo.data[0]?.windows.map((w) => (
                  <th scope="col">Burn, {windowName(w.seconds)}</th>
                ))}
                <th scope="col">Alert</th>
              </tr>
            </thead>
            <tbody>
              {view.slo.data.map((slo) => (
                <tr>
                  <th scope="row">{slo.name}</th>
                  <td>{`${(slo.objective * 100).toFixed(1)} %`}</td>
                  {slo.windows.map((w) => (
                    <td>{`${w.burnRate} (${w.good}/${w.total})`}</td>
                  ))}
                  <td>{slo.firing ? `firing (${slo.firing.severity})` : "ok"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.slo.alertWebhook ? null : <p>No alert webhook is configured (ALERT_WEBHOOK_URL and its secret).</p>}
        </>
      ) : null}
    </section>

    <section aria-labelledby="providers-heading">
      <h2 id="providers-heading">LLM providers</h2>
      {view.providers?.data.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Breaker</th>
              <th scope="col">Requests left</th>
              <th scope="col">Tokens left</th>
              <th scope="col">Latency p50 / p95</th>
              <th scope="col">Recent errors</th>
            </tr>
          </thead>
          <tbody>
            {view.providers.data.map((p) => (
              <tr>
                <th scope="row">{`${p.name} (${p.model})`}</th>
                <td>{p.breaker}</td>
                <td>{p.remaining.requests}</td>
                <td>{p.remaining.tokens}</td>
                <td>{`${p.latencyMs.p50 ?? "—"} / ${p.latencyMs.p95 ?? "—"} ms`}</td>
                <td>{p.recentErrors.length ? `${p.recentErrors.length}: ${p.recentErrors.at(-1)?.error}` : "none"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No LLM provider is configured: articles are written by the extractive writer.</p>
      )}
    </section>

    <section aria-labelledby="queues-heading">
      <h2 id="queues-heading">Queues</h2>
      {view.queues ? (
        <>
          <BarChart
            id="in-flight"
            title="Jobs in flight by status"
            unit="jobs"
            bars={view.queues.jobs.map((row) => ({ label: row.status, value: row.count }))}
          />
          <table>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Jobs in flight</th>
                <th scope="col">Oldest in stage</th>
              </tr>
            </thead>
            <tbody>
              {view.queues.jobs.map((row) => (
                <tr>
                  <th scope="row">{row.status}</th>
                  <td>{row.count}</td>
                  <td>{seconds(row.oldestStageAgeSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Unsent outbox messages:{" "}
            {view.queues.outbox.length
              ? view.queues.outbox
                  .map((row) => `${row.queue} ${row.unsent} (oldest ${seconds(row.oldestUnsentAgeSeconds)})`)
                  .join(", ")
              : "none"}
          </p>
        </>
      ) : null}
    </section>

    <section aria-labelledby="failures-heading">
      <h2 id="failures-heading">Recent failures</h2>
      {view.failures?.data.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Tenant</th>
              <th scope="col">Keyword</th>
              <th scope="col">Reason</th>
              <th scope="col">Trace id</th>
            </tr>
          </thead>
          <tbody>
            {view.failures.data.map((f) => (
              <tr>
                <td>{f.failedAt}</td>
                <td>{f.tenantId}</td>
                <td>{f.keyword}</td>
                <td>
                  <code>{f.errorCode ?? "—"}</code> {f.errorMessage ?? ""}
                </td>
                <td>
                  <code>{f.traceId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No failed jobs.</p>
      )}
    </section>
  </Layout>
);
