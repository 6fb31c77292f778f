import { describe, expect, it } from "vitest";
import { counter, observe, type Sample } from "../../src/core/metrics/samples";
import { DEFAULT_BURN_RULES, DEFAULT_SLOS, parseSloSettings } from "../../src/core/slo/config";
import { alertTransition, burnRate, evaluateSlo, goodAndTotal } from "../../src/core/slo/evaluate";
import { type SloAlert, type SloAlertRecord, sweepSlos } from "../../src/core/slo/sweep";

describe("SLO configuration", () => {
  it("defaults to job success, completion time and webhook delivery objectives with the two standard rules", () => {
    const settings = parseSloSettings({});
    expect(settings.SLOS).toEqual(DEFAULT_SLOS);
    expect(settings.SLO_BURN_RULES).toEqual(DEFAULT_BURN_RULES);
    expect(settings.ALERT_WEBHOOK_URL).toBeUndefined();
  });

  it("refuses a completion threshold that is not a histogram bound, and an alert secret in the wrong form", () => {
    const slos = JSON.stringify([{ name: "fast", kind: "completion_time", objective: 0.9, thresholdSeconds: 90 }]);
    expect(() => parseSloSettings({ SLOS: slos })).toThrow(/thresholdSeconds must be one of/);
    expect(() => parseSloSettings({ ALERT_WEBHOOK_SECRET: "plain" })).toThrow(/ALERT_WEBHOOK_SECRET/);
    expect(() => parseSloSettings({ SLOS: "{not json" })).toThrow(/SLOS must be a JSON list/);
    // Alerts are kept by objective name: two of one name would take turns firing and recovering.
    const twins = JSON.stringify([
      { name: "jobs", kind: "job_success", objective: 0.9 },
      { name: "jobs", kind: "webhook_delivery", objective: 0.9 },
    ]);
    expect(() => parseSloSettings({ SLOS: twins })).toThrow(/names must differ.*jobs/);
  });

  it("refuses an alert webhook URL no alert could be sent to, naming why but never its credentials", () => {
    const refused = (url: string, allow?: string) => () =>
      parseSloSettings({ ALERT_WEBHOOK_URL: url, ...(allow ? { ALLOW_HOSTS: allow } : {}) });
    expect(refused("https://ops:s3cret@alerts.example/slo")).toThrow(
      /ALERT_WEBHOOK_URL: no alert could be sent there, .*credentials in the URL are not allowed/,
    );
    expect(refused("https://ops:s3cret@alerts.example/slo")).not.toThrow(/s3cret/);
    expect(refused("ftp://alerts.example/slo")).toThrow(/ALERT_WEBHOOK_URL: .*scheme ftp: is not allowed/);
    expect(refused("http://10.0.0.5:9093/alerts")).toThrow(/ALERT_WEBHOOK_URL: .*port 9093 is not allowed/);
    expect(refused("http://alertmanager/alerts")).toThrow(/ALERT_WEBHOOK_URL: .*not a public host name/);
    // A private receiver let through by ALLOW_HOSTS, as the sender lets it through.
    expect(
      parseSloSettings({ ALERT_WEBHOOK_URL: "http://10.0.0.5:9093/alerts", ALLOW_HOSTS: "10.0.0.5:9093" }),
    ).toMatchObject({ ALERT_WEBHOOK_URL: "http://10.0.0.5:9093/alerts" });
    expect(parseSloSettings({ ALERT_WEBHOOK_URL: "https://alerts.example/slo" }).ALERT_WEBHOOK_URL).toBe(
      "https://alerts.example/slo",
    );
  });

  it("refuses burn-rate windows the metric windows cannot give: past the retention, not whole windows, short not shorter", () => {
    const rules = (...list: object[]) =>
      JSON.stringify(list.map((rule) => ({ severity: "ticket", burnRate: 3, ...rule })));
    // Three days against the two kept: the long window would read two days and burn a third too slowly.
    expect(() => parseSloSettings({ SLO_BURN_RULES: rules({ longSeconds: 259_200, shortSeconds: 3600 }) })).toThrow(
      /SLO_BURN_RULES: a rule's longSeconds \(259200\) is longer than METRIC_WINDOW_RETENTION_SECONDS \(172800\)/,
    );
    expect(
      parseSloSettings({
        SLO_BURN_RULES: rules({ longSeconds: 259_200, shortSeconds: 3600 }),
        METRIC_WINDOW_RETENTION_SECONDS: "259200",
      }).SLO_BURN_RULES[0],
    ).toMatchObject({ longSeconds: 259_200 });
    // 400 s would read two or three five-minute windows: up to 900 s.
    expect(() => parseSloSettings({ SLO_BURN_RULES: rules({ longSeconds: 3600, shortSeconds: 400 }) })).toThrow(
      /SLO_BURN_RULES must be a JSON list of burn-rate rules: \[0\]\.shortSeconds: must be a multiple of 300/,
    );
    expect(() => parseSloSettings({ SLO_BURN_RULES: rules({ longSeconds: 300, shortSeconds: 3600 }) })).toThrow(
      /shortSeconds must be shorter than longSeconds/,
    );
  });
});

describe("burn rates", () => {
  it("is 1 when errors spend the budget exactly, 0 with no events", () => {
    expect(burnRate(0.99, 99, 100)).toBeCloseTo(1);
    expect(burnRate(0.99, 0, 0)).toBe(0);
  });

  it("counts completions within the threshold as good from the completion histogram", () => {
    const samples = [30, 100, 500, 700, 4000].flatMap((s) => observe("optiblog_job_completion_seconds", {}, s));
    expect(
      goodAndTotal({ name: "t", kind: "completion_time", objective: 0.9, thresholdSeconds: 600 }, samples),
    ).toEqual({ good: 3, total: 5 });
  });

  it("fires the most severe rule only when both its windows burn at its rate", () => {
    const slo = { name: "t", kind: "completion_time" as const, objective: 0.99, thresholdSeconds: 600 };
    const slow = (n: number) =>
      Array.from({ length: n }, () => observe("optiblog_job_completion_seconds", {}, 4000)).flat();
    const fast = (n: number) =>
      Array.from({ length: n }, () => observe("optiblog_job_completion_seconds", {}, 10)).flat();
    const windows = (short: ReturnType<typeof slow>, long: ReturnType<typeof slow>) =>
      new Map([
        [300, short],
        [1800, short],
        [3600, long],
        [21_600, long],
      ]);
    expect(evaluateSlo(slo, DEFAULT_BURN_RULES, windows(slow(5), [...slow(5), ...fast(5)])).firing).toEqual({
      severity: "page",
      burnRate: 50,
    });
    // A bad hour whose last minutes are clean: no alert.
    expect(evaluateSlo(slo, DEFAULT_BURN_RULES, windows(fast(5), [...slow(5), ...fast(5)])).firing).toBeNull();
    // 10% slow: a burn of 10, past the ticket rule's 6 but not the page rule's 14.4.
    expect(
      evaluateSlo(slo, DEFAULT_BURN_RULES, windows([...slow(1), ...fast(9)], [...slow(1), ...fast(9)])).firing,
    ).toEqual({ severity: "ticket", burnRate: 10 });
  });

  it("notifies on the change of state and again while the last notice did not get through", () => {
    const evaluation = { name: "t", kind: "job_success" as const, objective: 0.9, windows: [] };
    const burning = { ...evaluation, firing: { severity: "page" as const, burnRate: 20 } };
    const calm = { ...evaluation, firing: null };
    expect(alertTransition(undefined, calm)).toEqual({ kind: "none", notify: false });
    expect(alertTransition(undefined, burning)).toEqual({ kind: "fired", notify: true });
    expect(alertTransition({ firing: true, since: 0, notified: true }, burning).notify).toBe(false);
    expect(alertTransition({ firing: true, since: 0, notified: false }, burning)).toEqual({
      kind: "fired",
      notify: true,
    });
    expect(alertTransition({ firing: true, since: 0, notified: true }, calm)).toEqual({
      kind: "resolved",
      notify: true,
    });
  });
});

describe("SLO alert escalation", () => {
  const slo = { name: "job-success", kind: "job_success" as const, objective: 0.99 };
  /** Every window sees `failed` failures in 100 jobs: a burn of `failed` (the budget is 1%). */
  const jobs = (failed: number): Sample[] => [
    ...counter("optiblog_jobs_total", { status: "completed" }, 100 - failed),
    ...counter("optiblog_jobs_total", { status: "failed" }, failed),
  ];

  function sweeper(answers: boolean[] = []) {
    let failed = 0;
    const records = new Map<string, SloAlertRecord>();
    const sent: SloAlert[] = [];
    let clock = 0;
    const ports = {
      window: async () => jobs(failed),
      alerts: {
        all: async () => [...records.values()],
        save: async (record: SloAlertRecord) => void records.set(record.slo, record),
        remove: async (name: string) => void records.delete(name),
      },
      notify: async (alert: SloAlert) => {
        sent.push(alert);
        return answers.shift() ?? true;
      },
      now: () => clock,
      log: { debug() {}, info() {}, warn() {}, error() {}, with: () => ports.log },
    };
    return {
      /** Sweeps with `failures` in 100; answers the alerts sent by this sweep as [type, severity]. */
      async sweep(failures: number, objectives = [slo]) {
        failed = failures;
        clock += 300_000;
        const before = sent.length;
        await sweepSlos(objectives, DEFAULT_BURN_RULES, ports);
        return sent.slice(before).map((alert) => [alert.type, alert.severity, alert.since]);
      },
      sent,
      records,
    };
  }

  it("closes the open alert of an objective taken out of the configuration, again until it gets through, then forgets it", async () => {
    // The notices get through but for the first closing one.
    const slos = sweeper([true, true, false, true]);
    const renamed = { ...slo, name: "jobs" };
    expect(await slos.sweep(20)).toEqual([["slo.burning", "page", new Date(300_000).toISOString()]]);
    // Renamed while burning: the new name fires; the old one's alert is closed, its evaluation gone with it.
    const closed = new Date(600_000).toISOString();
    expect(await slos.sweep(20, [renamed])).toEqual([
      ["slo.burning", "page", closed],
      ["slo.recovered", null, closed],
    ]);
    expect(slos.sent.at(-1)).toMatchObject({ slo: "job-success", evaluation: null });
    expect(slos.records.get("job-success")).toMatchObject({ firing: false, notified: false });
    // The closing notice did not get through: sent again, the same notice (same since), then forgotten.
    expect(await slos.sweep(20, [renamed])).toEqual([["slo.recovered", null, closed]]);
    expect([...slos.records.keys()]).toEqual(["jobs"]);
    expect(await slos.sweep(20, [renamed])).toEqual([]);
  });

  it("forgets a calm objective taken out of the configuration without a notice", async () => {
    const slos = sweeper();
    expect(await slos.sweep(20)).toHaveLength(1);
    expect(await slos.sweep(0)).toEqual([["slo.recovered", null, new Date(600_000).toISOString()]]);
    expect(await slos.sweep(0, [])).toEqual([]);
    expect(slos.records.size).toBe(0);
  });

  it("fires at ticket severity, fires again when it escalates to a page, stays quiet while it holds, and clears", async () => {
    const slos = sweeper();
    expect(await slos.sweep(0)).toEqual([]);
    const since = new Date(600_000).toISOString();
    expect(await slos.sweep(10)).toEqual([["slo.burning", "ticket", since]]);
    expect(await slos.sweep(10)).toEqual([]);
    // Still the same burning episode (same since), now at the page rule's rate.
    expect(await slos.sweep(20)).toEqual([["slo.burning", "page", since]]);
    expect(await slos.sweep(20)).toEqual([]);
    // Easing back to the ticket rate while still burning sends nothing; recovering sends the all-clear.
    expect(await slos.sweep(10)).toEqual([]);
    expect(await slos.sweep(0)).toEqual([["slo.recovered", null, new Date(2_100_000).toISOString()]]);
    expect(await slos.sweep(0)).toEqual([]);
  });

  it("treats a ticket that becomes a page as a new notice, and a page easing to a ticket as none", () => {
    const evaluation = { name: "t", kind: "job_success" as const, objective: 0.99, windows: [] };
    const page = { ...evaluation, firing: { severity: "page" as const, burnRate: 20 } };
    const ticket = { ...evaluation, firing: { severity: "ticket" as const, burnRate: 8 } };
    expect(alertTransition({ firing: true, severity: "ticket", since: 0, notified: true }, page)).toEqual({
      kind: "fired",
      notify: true,
    });
    expect(alertTransition({ firing: true, severity: "page", since: 0, notified: true }, ticket)).toEqual({
      kind: "none",
      notify: false,
    });
  });
});
