import { describe, expect, it } from "vitest";
import { giveBack, take } from "../../src/core/guard/token-bucket";

describe("token bucket", () => {
  const limits = { capacity: 2, windowMs: 60_000 };

  it("starts full, empties, then refuses with the wait until the next token", () => {
    let result = take(undefined, limits, 0);
    expect(result).toMatchObject({ allowed: true, remaining: 1 });
    result = take(result.state, limits, 0);
    expect(result).toMatchObject({ allowed: true, remaining: 0 });
    result = take(result.state, limits, 0);
    expect(result).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 30 });
  });

  it("refills continuously but never above capacity", () => {
    const empty = { tokens: 0, updatedAt: 0 };
    expect(take(empty, limits, 29_999).allowed).toBe(false);
    expect(take(empty, limits, 30_000).allowed).toBe(true);
    expect(take(empty, limits, 10 * 60_000).remaining).toBe(1);
  });

  it("gives back a token taken for nothing, refilled to now, and never above capacity", () => {
    const taken = take(take(undefined, limits, 0).state, limits, 0).state;
    expect(giveBack(taken, limits, 0)).toEqual({ tokens: 1, updatedAt: 0 });
    expect(giveBack(taken, limits, 15_000)).toEqual({ tokens: 1.5, updatedAt: 15_000 });
    expect(giveBack(undefined, limits, 0).tokens).toBe(2);
    expect(giveBack({ tokens: 1.5, updatedAt: 0 }, limits, 0).tokens).toBe(2);
  });
});
