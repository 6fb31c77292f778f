import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { rollupStatements } from "../src/adapters/metrics/rollup";
import { D1SloAlerts } from "../src/adapters/slo/alerts";
import { jobServices } from "../src/composition/jobs";
import { counter } from "../src/core/metrics/samples";
import type { Log } from "../src/core/ports/log";
import worker from "../src/index";
import { sweepObjectives } from "../src/queues/sweeper";
import { ADMIN, call } from "./helpers";
import { stubReceiver } from "./webhooks-helpers";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
// Far from the other files' traffic: windows this late hold only this file's samples.
const START = Date.parse("2031-03-01T12:00:00.000Z");
const sloEnv = {
  ...env,
  SLOS: JSON.stringify([{ name: "jobs-ok", kind: "job_success", objective: 0.99 }]),
  ALERT_WEBHOOK_URL: "https://alerts.example/slo",
  ALERT_WEBHOOK_SECRET: SECRET,
} as Env;

async function jobsAt(at: number, completed: number, failed: number) {
  const samples = [
    ...counter("optiblog_jobs_total", { status: "completed" }, completed),
    ...counter("optiblog_jobs_total", { status: "failed" }, failed),
  ];
  await env.DB.batch(rollupStatements(env.DB, samples, "ten_slo", at));
}

let restore = () => {};
afterEach(() => restore());

describe("SLO burn alerts", () => {
  it("fires a signed alert when the budget burns fast in both windows, and one more when it recovers", async () => {
    const receiver = stubReceiver([200]);
    restore = receiver.restore;
    let now = START;
    const services = jobServices(sloEnv, { clock: { now: () => now } });

    // 5 of 1000 failed against a 1% budget: a burn rate of 0.5, far under the rules' 14.4 and 6.
    await jobsAt(now, 995, 5);
    expect(await sweepObjectives(sloEnv, services)).toMatchObject({ burning: [], notified: 0 });

    // 200 failures in the next five minutes: 205 of 1200 failed in every window, a burn rate of 17.
    now += 5 * 60_000;
    await jobsAt(now, 0, 200);
    expect(await sweepObjectives(sloEnv, services)).toMatchObject({ burning: ["jobs-ok"], notified: 1 });
    // Still burning on the next sweep: no second alert.
    expect(await sweepObjectives(sloEnv, services)).toMatchObject({ burning: ["jobs-ok"], notified: 0 });

    // Ten minutes of success only: the short window clears, so the alert recovers though the hour is still bad.
    now += 10 * 60_000;
    await jobsAt(now, 5000, 0);
    expect(await sweepObjectives(sloEnv, services)).toMatchObject({ burning: [], notified: 1 });

    expect(receiver.requests).toHaveLength(2);
    const verifier = new Webhook(SECRET);
    const [fired, recovered] = receiver.requests.map((request) => {
      expect(request.url).toBe("https://alerts.example/slo");
      return verifier.verify(request.body, request.headers) as {
        type: string;
        data: {
          slo: string;
          severity: string | null;
          evaluation: { windows: { seconds: number; burnRate: number }[] };
        };
      };
    });
    expect(fired).toMatchObject({ type: "slo.burning", data: { slo: "jobs-ok", severity: "page" } });
    expect(fired?.data.evaluation.windows.find((w) => w.seconds === 300)?.burnRate).toBeGreaterThanOrEqual(14.4);
    expect(recovered).toMatchObject({ type: "slo.recovered", data: { slo: "jobs-ok", severity: null } });
    // A recovery is an alert of its own: a new id.
    expect(receiver.requests[1]?.headers["webhook-id"]).not.toBe(receiver.requests[0]?.headers["webhook-id"]);
  });

  it("sends an alert that did not get through again on the next sweep", async () => {
    const receiver = stubReceiver([503, 200]);
    restore = receiver.restore;
    const retryEnv = {
      ...sloEnv,
      SLOS: JSON.stringify([{ name: "jobs-retry", kind: "job_success", objective: 0.99 }]),
    } as Env;
    const verifier = new Webhook(SECRET);
    let now = START + 86_400_000;
    const services = jobServices(retryEnv, { clock: { now: () => now } });
    // An objective no longer configured, its alert closed: the sweep forgets it.
    const alerts = new D1SloAlerts(env.DB);
    await alerts.save({ slo: "jobs-gone", firing: false, since: now, notified: true, burnRate: 0 });
    await jobsAt(now, 0, 50);
    expect(await sweepObjectives(retryEnv, services)).toMatchObject({ burning: ["jobs-retry"], notified: 0 });
    now += 60_000;
    expect(await sweepObjectives(retryEnv, services)).toMatchObject({ burning: ["jobs-retry"], notified: 1 });
    expect(receiver.requests.map((r) => JSON.parse(r.body).type)).toEqual(["slo.burning", "slo.burning"]);
    expect((await alerts.all()).map((record) => record.slo)).not.toContain("jobs-gone");
    // The same alert sent again keeps its webhook-id, so a receiver that got the first try can drop the repeat.
    const [first, again] = receiver.requests.map((r) => r.headers["webhook-id"]);
    expect(first).toBeTruthy();
    expect(again).toBe(first);
    verifier.verify(receiver.requests[1]?.body ?? "", receiver.requests[1]?.headers ?? {});
  });

  it("shows each objective's windows, burn rates and rules at /v1/admin/slo", async () => {
    const response = await call("/v1/admin/slo", { headers: ADMIN });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: { name: string; windows: { seconds: number }[]; firing: unknown }[];
      rules: { severity: string }[];
      alertWebhook: boolean;
    };
    expect(body.data.map((slo) => slo.name)).toEqual(["job-success", "completion-p95", "webhook-delivery"]);
    expect(body.data[0]?.windows.map((w) => w.seconds)).toEqual([300, 1800, 3600, 21_600]);
    expect(body.rules.map((rule) => rule.severity)).toEqual(["page", "ticket"]);
    expect(body.alertWebhook).toBe(false);
    expect((await call("/v1/admin/slo")).status).toBe(401);
  });

  it("shows the severity an open alert was raised at, and none once it recovered", async () => {
    const alerts = new D1SloAlerts(env.DB);
    const since = Date.parse("2031-04-01T00:00:00.000Z");
    await alerts.save({ slo: "job-success", firing: true, severity: "ticket", since, notified: true, burnRate: 7 });
    await alerts.save({ slo: "webhook-delivery", firing: false, since, notified: true, burnRate: 0 });
    const response = await call("/v1/admin/slo", { headers: ADMIN });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { name: string; alert: Record<string, unknown> | null }[] };
    const alertOf = (name: string) => body.data.find((slo) => slo.name === name)?.alert;
    expect(alertOf("job-success")).toEqual({
      firing: true,
      severity: "ticket",
      since: "2031-04-01T00:00:00.000Z",
      notified: true,
    });
    expect(alertOf("webhook-delivery")).toMatchObject({ firing: false, severity: null });
    expect(alertOf("completion-p95")).toBeNull();
  });

  it.each([
    ["SLOS", "{not json"],
    ["SLO_BURN_RULES", JSON.stringify([{ severity: "page", longSeconds: 3600, shortSeconds: 400, burnRate: 14.4 }])],
    ["ALERT_WEBHOOK_SECRET", "plain"],
  ])("answers a 503 misconfigured problem naming %s when it is invalid, not an unhandled 500", async (name, value) => {
    const badEnv = { ...env, [name]: value } as Env;
    const request = new Request("http://localhost/v1/admin/slo", {
      headers: ADMIN,
    }) as unknown as Request<unknown, IncomingRequestCfProperties>;
    const ctx = createExecutionContext();
    const response = await worker.fetch(request, badEnv, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { type: string; detail: string; requestId?: string };
    expect(problem).toMatchObject({ type: "/problems/misconfigured", status: 503 });
    expect(problem.detail).toContain(`${name}`);
    expect(problem.detail).toMatch(/^invalid SLO configuration: /);
    expect(problem.detail).not.toContain("plain");
    expect(problem.requestId).toBeTruthy();
  });
});

describe("the SLO sweep with invalid settings", () => {
  const at = Date.parse("2032-06-01T12:00:00.000Z");
  const windowsAt = async () =>
    (
      await env.DB.prepare("SELECT COUNT(*) AS n FROM metric_rollups WHERE tenant_id = 'ten_slo_bad'").first<{
        n: number;
      }>()
    )?.n ?? 0;

  it("skips the evaluation, logs what is wrong and still ages out the metric windows by a valid retention", async () => {
    await env.DB.batch(
      rollupStatements(env.DB, counter("optiblog_jobs_total", { status: "completed" }, 3), "ten_slo_bad", at),
    );
    const before = await windowsAt();
    expect(before).toBeGreaterThan(1); // the window and the all-time total
    const errors: { msg: string; fields?: Record<string, unknown> }[] = [];
    const log: Log = {
      debug() {},
      info() {},
      warn() {},
      error: (msg, fields) => {
        errors.push({ msg, fields });
      },
      with: () => log,
    };
    const later = at + 3 * 86_400_000;

    // The retention is invalid too: nothing says how long to keep windows, so none goes.
    const bothBad = { ...env, SLOS: "{not json", METRIC_WINDOW_RETENTION_SECONDS: "60" } as Env;
    const kept = await sweepObjectives(bothBad, jobServices(bothBad, { clock: { now: () => later }, log }));
    expect(kept).toMatchObject({ burning: [], notified: 0, prunedWindows: 0 });
    expect(await windowsAt()).toBe(before);

    const badEnv = { ...env, SLOS: "{not json" } as Env;
    const result = await sweepObjectives(badEnv, jobServices(badEnv, { clock: { now: () => later }, log }));
    expect(result).toMatchObject({ burning: [], notified: 0 });
    expect(result.prunedWindows).toBeGreaterThan(0);
    expect(result.invalidSettings).toContain("SLOS");
    // The window is three days old, past the default retention of two; the all-time total stays.
    expect(await windowsAt()).toBe(1);
    expect(errors.map((entry) => entry.msg)).toContain("slo sweep skipped: invalid settings");
    expect(String(errors.at(-1)?.fields?.detail)).toContain("SLOS");
  });
});
