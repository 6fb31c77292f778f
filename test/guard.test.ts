import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Guard } from "../src/durable/guard";
import { bearer, call, createTenant } from "./helpers";
import { FIXTURE_URLS } from "./jobs-fixtures";

const HOUR = 60 * 60 * 1000;

function guardAt(name: string, start: number) {
  const stub = env.GUARD.get(env.GUARD.idFromName(name));
  const clock = { now: start };
  const ready = runInDurableObject(stub, (guard: Guard) => {
    guard.clock = { now: () => clock.now };
  });
  return { stub, clock, ready };
}

const timers = (state: DurableObjectState) =>
  state.storage.sql.exec<{ name: string; due_at: number }>("SELECT * FROM timers").toArray();

describe("keyword guard: single flight", () => {
  it("makes a request wait for a claim being created: it joins once confirmed, takes over once the creator is silent", async () => {
    const { stub, clock, ready } = guardAt("keyword:ten_g1:compost", 1_000_000);
    await ready;
    expect(await stub.claimFlight("k", "job_a", 30_000)).toEqual({ holder: "job_a", creating: true });
    const behind = stub.claimFlight("k", "job_b", 30_000);
    await stub.confirmFlight("k", "job_a", HOUR);
    expect(await behind).toEqual({ holder: "job_a", creating: false });
    clock.now += 31_000;
    expect(await stub.claimFlight("k", "job_c", 30_000)).toEqual({ holder: "job_a", creating: false });
    expect(await stub.claimFlight("k", "job_c", 30_000, "job_a")).toEqual({ holder: "job_c", creating: true });

    await stub.claimFlight("dead", "job_x", 30_000);
    expect(await stub.claimFlight("dead", "job_y", 30_000)).toEqual({ holder: "job_y", creating: true });
  });

  it("releases the claim of a job that could not be created", async () => {
    const { stub, ready } = guardAt("keyword:ten_g2:compost", 1_000_000);
    await ready;
    await stub.claimFlight("k", "job_a", 30_000);
    await stub.releaseFlight("k", "job_b");
    expect(await stub.flightCount()).toBe(1);
    await stub.releaseFlight("k", "job_a");
    expect(await stub.flightCount()).toBe(0);
    expect(await stub.claimFlight("k", "job_b", 30_000)).toEqual({ holder: "job_b", creating: true });
  });

  it("removes expired claims with its alarm, set to the earliest timer", async () => {
    // Real times, so the alarm lies ahead and runs only when the test runs it.
    const start = Date.now() + HOUR;
    const { stub, clock, ready } = guardAt("keyword:ten_g3:compost", start);
    await ready;
    await stub.claimFlight("early", "job_a", 30_000);
    await stub.claimFlight("late", "job_b", 30_000);
    await stub.confirmFlight("late", "job_b", HOUR);
    await runInDurableObject(stub, async (_guard: Guard, state) => {
      expect(
        timers(state)
          .map((timer) => timer.name)
          .sort(),
      ).toEqual(["flight:early", "flight:late"]);
      expect(await state.storage.getAlarm()).toBe(start + 30_000);
    });
    clock.now += 30_000;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.flightCount()).toBe(1);
    await runInDurableObject(stub, async (_guard: Guard, state) => {
      expect(timers(state).map((timer) => timer.name)).toEqual(["flight:late"]);
      expect(await state.storage.getAlarm()).toBe(start + HOUR);
    });
    clock.now += HOUR;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.flightCount()).toBe(0);
    await runInDurableObject(stub, async (_guard: Guard, state) => {
      expect(timers(state)).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });

  it("starts one job for identical requests that arrive together", async () => {
    const tenant = await createTenant("Together");
    const body = { keyword: "Leaf mould", urls: FIXTURE_URLS, maxAttempts: 1 };
    const responses = await Promise.all(
      [0, 1, 2, 3].map(() => call("/v1/articles", { method: "POST", headers: bearer(tenant.key), json: body })),
    );
    const ids = await Promise.all(responses.map(async (res) => ((await res.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM jobs WHERE tenant_id = ?").bind(tenant.id).first();
    expect(rows).toEqual({ n: 1 });
  });
});
