import { describe, expect, it } from "vitest";
import {
  type CapacityState,
  correct,
  durationMs,
  initialCapacity,
  observedLimits,
  reserve,
  settle,
} from "../../src/core/guard/provider-capacity";

// 60 RPM with 6 s of burst: 6 requests at once, then one a second.
const limits = { rpm: 60, tpm: 60_000 };

function drain(state: CapacityState | undefined, now: number, n: number, tokens = 10) {
  let s = state;
  const granted: boolean[] = [];
  for (let i = 0; i < n; i += 1) {
    const r = reserve(s, limits, now, tokens);
    granted.push(r.granted);
    s = r.state;
  }
  return { state: s as CapacityState, granted };
}

describe("provider capacity (requests and tokens per minute)", () => {
  it("grants a burst, then names the wait until the next request", () => {
    const { state, granted } = drain(undefined, 0, 7);
    expect(granted).toEqual([true, true, true, true, true, true, false]);
    const next = reserve(state, limits, 0, 10);
    expect(next).toMatchObject({ granted: false, waitMs: 1000 });
    expect(reserve(state, limits, 999, 10).granted).toBe(false);
    expect(reserve(state, limits, 1000, 10).granted).toBe(true);
  });

  it("books the next free slots in the order they are asked for, up to the horizon, at one-request intervals", () => {
    const { state } = drain(undefined, 0, 6);
    let s = state;
    const delays: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const r = reserve(s, limits, 0, 10, 3_000);
      if (!r.granted) throw new Error(`slot ${i} was refused`);
      delays.push(r.delayMs);
      s = r.state;
    }
    expect(delays).toEqual([1000, 2000, 3000]);
    // The fourth would go out at 4 s, past the 3 s horizon: refused, and nothing booked for it.
    expect(reserve(s, limits, 0, 10, 3_000)).toMatchObject({ granted: false, waitMs: 4000 });
    // A caller that does not book still sees the booked slots as taken until they have passed.
    expect(reserve(s, limits, 3_999, 10).granted).toBe(false);
    expect(reserve(s, limits, 4_000, 10)).toMatchObject({ granted: true, delayMs: 0 });
  });

  it("waits for tokens when the estimate does not fit, though requests are left", () => {
    const first = reserve(undefined, limits, 0, 5_500);
    expect(first.granted).toBe(true);
    const second = reserve(first.state, limits, 0, 1_000);
    // 500 tokens left, 1000 needed, 1000 tokens a second come back.
    expect(second).toMatchObject({ granted: false, waitMs: 500 });
  });

  it("takes the provider's lower remaining count; with none left, waits one request interval, not its full reset", () => {
    const start = initialCapacity(limits, 0);
    const corrected = correct(start, limits, 0, { remainingRequests: 0, resetRequestsMs: 4_000 });
    expect(reserve(corrected, limits, 999, 1).granted).toBe(false);
    expect(reserve(corrected, limits, 1_000, 1).granted).toBe(true);
    // A reset sooner than the interval is honoured as it is.
    const soon = correct(start, limits, 0, { remainingRequests: 0, resetRequestsMs: 300 });
    expect(reserve(soon, limits, 299, 1).granted).toBe(false);
    const tokensOut = correct(start, limits, 0, { remainingTokens: 0, resetTokensMs: 50_000 });
    expect(reserve(tokensOut, limits, 999, 1).granted).toBe(false);
    expect(reserve(tokensOut, limits, 1_000, 500).granted).toBe(true);
    expect(reserve(tokensOut, limits, 1_000, 1_500)).toMatchObject({ granted: false, waitMs: 500 });
  });

  it("honours retry-after even when its own buckets have room", () => {
    const blocked = correct(undefined, limits, 10_000, { retryAfterMs: 7_000 });
    expect(reserve(blocked, limits, 10_000, 1)).toMatchObject({ granted: false, waitMs: 7_000 });
    expect(reserve(blocked, limits, 17_000, 1).granted).toBe(true);
  });

  it("gives back the tokens a call reserved but did not use", () => {
    const r = reserve(undefined, limits, 0, 5_000);
    if (!r.granted) throw new Error("expected a grant");
    const after = settle(r.state, limits, 0, r.tokens, 1_000);
    expect(after.tokens.level).toBe(5_000);
    expect(reserve(after, limits, 0, 4_000).granted).toBe(true);
  });

  it("reads OpenAI-style rate-limit headers", () => {
    expect(durationMs("6m0s")).toBe(360_000);
    expect(durationMs("1.5s")).toBe(1_500);
    expect(durationMs("20ms")).toBe(20);
    expect(durationMs("2")).toBe(2_000);
    expect(durationMs("soon")).toBeUndefined();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(
      observedLimits(
        {
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": "1.250s",
          "x-ratelimit-remaining-tokens": "900",
          "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT",
        },
        now,
      ),
    ).toEqual({ remainingRequests: 0, resetRequestsMs: 1_250, remainingTokens: 900, retryAfterMs: 3_000 });
  });
});
