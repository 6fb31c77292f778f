import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../src/core/jobs/backoff";

describe("stage retry delays", () => {
  it("draw from the upper half of a doubling step, so each retry waits longer and failures spread out", () => {
    const lowest = [1, 2, 3, 4, 5, 6].map((n) => retryDelaySeconds(n, 0, () => 0));
    const highest = [1, 2, 3, 4, 5, 6].map((n) => retryDelaySeconds(n, 0, () => 0.999));
    expect(lowest).toEqual([5, 10, 20, 40, 80, 150]);
    expect(highest).toEqual([9, 19, 39, 79, 159, 299]);
    for (let n = 1; n < 5; n++) expect(lowest[n]).toBeGreaterThan(highest[n - 1] as number);
    expect(retryDelaySeconds(20, 0, () => 0.999)).toBe(299);
  });

  it("spread messages that failed together over the step", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const delays = Array.from({ length: 200 }, () => retryDelaySeconds(4, 0, random));
    expect(new Set(delays).size).toBeGreaterThan(30);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...delays)).toBeLessThan(80);
  });

  it("never come sooner than the provider's Retry-After, up to an hour", () => {
    expect(retryDelaySeconds(1, 120, () => 0)).toBe(120);
    expect(retryDelaySeconds(1, 10_000, () => 0)).toBe(3600);
  });
});
