import { describe, expect, it } from "vitest";
import { observe } from "../../src/core/metrics/samples";
import { DEFAULT_BURN_RULES, DEFAULT_SLOS, parseSloSettings } from "../../src/core/slo/config";
import { alertTransition, burnRate, evaluateSlo, goodAndTotal } from "../../src/core/slo/evaluate";

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
