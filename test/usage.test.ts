import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DurableGuards } from "../src/adapters/guards/durable";
import type { CallUsage } from "../src/core/article/model";
import type { Guard } from "../src/durable/guard";
import { bearer, call, createTenant } from "./helpers";

const usage = (provider: string, input: number, output: number, costUsd: number): CallUsage => ({
  provider,
  model: "m",
  purpose: "outline",
  inputTokens: input,
  outputTokens: output,
  latencyMs: 10,
  costUsd,
});

describe("the tenant's spend ledger (Durable Object)", () => {
  it("holds a call's estimate against the daily cap, releases it on settling and lets an unsettled hold lapse", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("tenant:ten_ledger1"));
    let now = 1_000_000;
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    const day = "2026-12-02";
    expect(await stub.holdSpend("a", day, 0.3, 0.5)).toEqual({ granted: true, spentUsd: 0, heldUsd: 0.3 });
    expect(await stub.holdSpend("b", day, 0.3, 0.5)).toEqual({ granted: false, spentUsd: 0, heldUsd: 0.3 });
    await stub.settleSpend("a", day, usage("groq", 1000, 200, 0.1));
    expect(await stub.holdSpend("b", day, 0.3, 0.5)).toMatchObject({ granted: true, spentUsd: 0.1 });
    expect(await stub.holdSpend("c", "2026-12-03", 0.45, 0.5)).toMatchObject({ granted: true, spentUsd: 0 });
    // "b" never settles (its worker died): after the hold's lifetime the cap is free again.
    expect(await stub.holdSpend("d", day, 0.3, 0.5)).toMatchObject({ granted: false });
    now += 16 * 60_000;
    expect(await stub.holdSpend("d", day, 0.3, 0.5)).toMatchObject({ granted: true, spentUsd: 0.1, heldUsd: 0.3 });
    await stub.settleSpend("d", day, undefined);
    await stub.settleSpend(undefined, day, usage("groq", 500, 100, 0.05));
    await stub.settleSpend(undefined, day, usage("local", 0, 0, 0));
    expect(await stub.spendUsage(day, day)).toEqual([
      { day, provider: "groq", calls: 2, inputTokens: 1500, outputTokens: 300, costUsd: expect.closeTo(0.15, 9) },
      { day, provider: "local", calls: 1, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    ]);
    expect(await stub.spendUsage("2026-12-03", "2026-12-31")).toEqual([]);
  });
});

describe("GET /v1/usage", () => {
  it("shows the tenant's own calls, tokens and cost by day and provider, with its plan's caps", async () => {
    const { id, key } = await createTenant("Usage", "tiny");
    const other = await createTenant("Other usage");
    const ledger = new DurableGuards(env.GUARD).ledger(id);
    await ledger.settle(undefined, "2026-11-30", usage("groq", 1000, 200, 0.002));
    await ledger.settle(undefined, "2026-12-01", usage("groq", 2000, 400, 0.004));
    await ledger.settle(undefined, "2026-12-01", usage("local", 3000, 600, 0));
    await new DurableGuards(env.GUARD).ledger(other.id).settle(undefined, "2026-12-01", usage("groq", 9, 9, 9));

    const res = await call("/v1/usage?from=2026-12-01&to=2026-12-02", { headers: bearer(key) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      from: "2026-12-01",
      to: "2026-12-02",
      totals: { calls: 2, inputTokens: 5000, outputTokens: 1000, costUsd: 0.004 },
      days: [
        {
          day: "2026-12-01",
          calls: 2,
          inputTokens: 5000,
          outputTokens: 1000,
          costUsd: 0.004,
          providers: [
            { provider: "groq", calls: 1, inputTokens: 2000, outputTokens: 400, costUsd: 0.004 },
            { provider: "local", calls: 1, inputTokens: 3000, outputTokens: 600, costUsd: 0 },
          ],
        },
      ],
      limits: { jobTokens: 20000, jobCostUsd: null, dailyCostUsd: 0.5 },
    });
  });

  it("answers a malformed or reversed range, or a range over a year, with 400 problem+json", async () => {
    const { key } = await createTenant("Usage ranges");
    for (const query of [
      "from=2026-13-01",
      "to=yesterday",
      "from=2026-12-02&to=2026-12-01",
      "from=2024-01-01&to=2026-01-01",
    ]) {
      const res = await call(`/v1/usage?${query}`, { headers: bearer(key) });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { status: number }).status).toBe(400);
    }
  });

  it("needs an API key", async () => {
    const res = await call("/v1/usage");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
