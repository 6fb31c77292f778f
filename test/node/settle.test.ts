import { describe, expect, it } from "vitest";
import { PermanentError, TransientError } from "../../src/core/errors";
import { settlementOf } from "../../src/core/jobs/settle";
import { ConcurrencyError } from "../../src/core/ports/job-store";

const half = () => 0.5;

describe("settlementOf: what becomes of a stage message whose stage threw", () => {
  it("sends a wait for provider capacity back as a fresh message after the hint, jittered by at most 5 s", () => {
    const capacity = new TransientError("provider_capacity", "no room", 30);
    expect(settlementOf(capacity, 1, 5, half)).toEqual({ kind: "wait", delaySeconds: 33 });
    expect(settlementOf(capacity, 1, 5, () => 0.999)).toEqual({ kind: "wait", delaySeconds: 35 });
    // A provider's 429 that reaches the stage is a wait too: a 429 never fails a job.
    expect(settlementOf(new TransientError("rate_limited", "429", 10), 5, 5, half)).toEqual({
      kind: "wait",
      delaySeconds: 13,
    });
    // A short hint is jittered by no more than itself, and a wait is never a failed try, even past the retries.
    expect(settlementOf(new TransientError("provider_capacity", "no room", 2), 9, 5, () => 0.999)).toEqual({
      kind: "wait",
      delaySeconds: 4,
    });
  });

  it("retries a job someone else moved after a second, and fails permanent errors at once", () => {
    expect(settlementOf(new ConcurrencyError("job_1", 4), 1, 5)).toEqual({
      kind: "moved",
      delaySeconds: 1,
      expectedVersion: 4,
    });
    expect(settlementOf(new PermanentError("no_usable_sources", "none"), 1, 5)).toEqual({
      kind: "fail",
      code: "no_usable_sources",
    });
  });

  it("retries anything else with a growing delay, never before a transient error's hint, until the last try", () => {
    const first = settlementOf(new Error("boom"), 1, 5, half);
    const third = settlementOf(new Error("boom"), 3, 5, half);
    expect(first).toMatchObject({ kind: "retry", transient: false });
    expect(third).toMatchObject({ kind: "retry", transient: false });
    expect((third as { delaySeconds: number }).delaySeconds).toBeGreaterThan(
      (first as { delaySeconds: number }).delaySeconds,
    );
    expect(settlementOf(new TransientError("upstream_5xx", "busy", 120), 1, 5, half)).toEqual({
      kind: "retry",
      delaySeconds: 120,
      transient: true,
    });
    expect(settlementOf(new TransientError("upstream_5xx", "busy"), 5, 5)).toEqual({
      kind: "fail",
      code: "retries_exhausted",
    });
  });
});
