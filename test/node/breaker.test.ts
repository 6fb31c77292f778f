import { describe, expect, it } from "vitest";
import { admit, type BreakerState, closedBreaker, coolDown, giveBackProbe, record } from "../../src/core/guard/breaker";

const settings = {
  failureThreshold: 3,
  errorRate: 0.5,
  minCalls: 6,
  windowMs: 10_000,
  coolDownMs: 5_000,
  probeTimeoutMs: 20_000,
};

function outcomes(state: BreakerState, list: boolean[], start = 0) {
  return list.reduce((s, ok, i) => record(s, ok, start + i, settings), state);
}

describe("provider circuit breaker", () => {
  it("opens on consecutive failures and refuses calls until the cool-down", () => {
    const state = outcomes(closedBreaker(), [true, false, false, false]);
    expect(state.status).toBe("open");
    expect(state.openUntil).toBe(3 + 5_000);
    expect(admit(state, 100).allowed).toBe(false);
  });

  it("opens when failures reach the error rate over the window, though never three in a row", () => {
    const state = outcomes(closedBreaker(), [false, true, false, true, false, true]);
    expect(state.status).toBe("open");
  });

  it("forgets outcomes older than the window", () => {
    const old = outcomes(closedBreaker(), [false, true, false, true, false]);
    const later = record(old, true, 20_000, settings);
    expect(later.status).toBe("closed");
    expect(later.outcomes).toHaveLength(1);
  });

  it("goes half-open after the cool-down and lets exactly one probe through", () => {
    const open = outcomes(closedBreaker(), [false, false, false]);
    const half = coolDown(open, open.openUntil);
    expect(half.status).toBe("half-open");
    const probe = admit(half, open.openUntil);
    expect(probe).toMatchObject({ allowed: true, probe: true });
    expect(admit(probe.state, open.openUntil + 1).allowed).toBe(false);
  });

  it("hands the probe to the next caller once a probe has not reported in its time (its caller was lost)", () => {
    const open = outcomes(closedBreaker(), [false, false, false]);
    const lost = admit(open, open.openUntil, settings.probeTimeoutMs).state;
    // The probe's caller was killed before it could report: nothing else ever clears probeInFlight.
    expect(admit(lost, open.openUntil + settings.probeTimeoutMs - 1, settings.probeTimeoutMs).allowed).toBe(false);
    const replaced = admit(lost, open.openUntil + settings.probeTimeoutMs, settings.probeTimeoutMs);
    expect(replaced).toMatchObject({ allowed: true, probe: true });
    // One probe again: the replacement has its own time to report, and its success closes the breaker.
    expect(admit(replaced.state, open.openUntil + settings.probeTimeoutMs + 1, settings.probeTimeoutMs).allowed).toBe(
      false,
    );
    expect(record(replaced.state, true, open.openUntil + settings.probeTimeoutMs + 5, settings).status).toBe("closed");
  });

  it("closes when the probe succeeds and opens again when it fails", () => {
    const open = outcomes(closedBreaker(), [false, false, false]);
    const probing = admit(open, open.openUntil).state;
    expect(record(probing, true, open.openUntil + 10, settings).status).toBe("closed");
    const reopened = record(probing, false, open.openUntil + 10, settings);
    expect(reopened.status).toBe("open");
    expect(reopened.openUntil).toBe(open.openUntil + 10 + 5_000);
  });

  it("hands the probe to the next caller at once when the probe's outcome says nothing, and stays closed or open", () => {
    const open = outcomes(closedBreaker(), [false, false, false]);
    const probing = admit(open, open.openUntil, settings.probeTimeoutMs).state;
    const given = giveBackProbe(probing, open.openUntil + 10);
    expect(given).toMatchObject({ status: "half-open", probeInFlight: false });
    expect(admit(given, open.openUntil + 11, settings.probeTimeoutMs)).toMatchObject({ allowed: true, probe: true });
    expect(giveBackProbe(open, open.openUntil - 1)).toEqual(open);
    expect(giveBackProbe(closedBreaker(), 0)).toEqual(closedBreaker());
  });
});
