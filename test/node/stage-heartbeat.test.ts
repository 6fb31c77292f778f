import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Log } from "../../src/core/ports/log";
import { keepBeating, MAX_HOLD_MS } from "../../src/queues/heartbeat";

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {}, with: () => quiet };

describe("a stage consumer's heartbeat", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("beats for the messages held now and at each interval, only those still held, and not after stop", async () => {
    const held = new Set(["job_a", "job_b"]);
    const beats: string[][] = [];
    const heart = keepBeating(
      () => [...held],
      async (jobIds) => void beats.push(jobIds),
      10_000,
      quiet,
    );
    expect(beats).toEqual([["job_a", "job_b"]]);
    held.delete("job_a");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(beats).toEqual([["job_a", "job_b"], ["job_b"]]);
    held.delete("job_b");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(beats).toHaveLength(2);
    held.add("job_c");
    await heart.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(beats).toHaveLength(2);
  });

  it("stops vouching for a message held longer than a consumer may run", async () => {
    const beats: number[] = [];
    const heart = keepBeating(
      () => ["job_a"],
      async () => void beats.push(Date.now()),
      60_000,
      quiet,
    );
    await vi.advanceTimersByTimeAsync(MAX_HOLD_MS + 10 * 60_000);
    expect(beats.length).toBe(MAX_HOLD_MS / 60_000);
    await heart.stop();
  });

  it("logs a beat that fails and goes on beating; stop waits for the beats sent", async () => {
    const warnings: unknown[] = [];
    const log: Log = { ...quiet, warn: (_msg, fields) => void warnings.push(fields?.error) };
    let calls = 0;
    let landed = false;
    const heart = keepBeating(
      () => ["job_a"],
      async () => {
        calls++;
        if (calls === 1) throw new Error("D1 unavailable");
        await new Promise((resolve) => setTimeout(resolve, 500));
        landed = true;
      },
      1_000,
      log,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warnings).toEqual(["Error: D1 unavailable"]);
    expect(calls).toBe(2);
    const stopped = heart.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopped;
    expect(landed).toBe(true);
  });
});
