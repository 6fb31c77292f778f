import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Guard } from "../src/durable/guard";
import { bearer, call, createTenant } from "./helpers";
import { driveJob, FIXTURE_URLS, stubWeb } from "./jobs-fixtures";

let web: ReturnType<typeof stubWeb>;
beforeEach(() => {
  web = stubWeb();
});
afterEach(() => web.restore());

function postBatch(key: string, body: unknown, headers: Record<string, string> = {}) {
  return call("/v1/batches", { method: "POST", headers: { ...bearer(key), ...headers }, json: body });
}

async function jobsOf(key: string): Promise<{ keyword: string; batchId: string | null }[]> {
  const page = (await (await call("/v1/articles?limit=100", { headers: bearer(key) })).json()) as {
    data: { keyword: string; batchId: string | null }[];
  };
  return page.data;
}

interface BatchView {
  id: string;
  size: number;
  done: boolean;
  counts: Record<string, number>;
  jobs: string[];
}

// Whole jobs run in these tests; a busy machine needs more than the default five seconds.
describe("batches", { timeout: 30_000 }, () => {
  it("fans out one job per distinct keyword and counts them by status as they finish", async () => {
    const tenant = await createTenant("Batcher");
    const res = await call("/v1/batches", {
      method: "POST",
      headers: bearer(tenant.key),
      json: { keywords: ["home composting", "Home  Composting", "worm bins"], urls: FIXTURE_URLS, maxAttempts: 1 },
    });
    expect(res.status).toBe(202);
    const batch = (await res.json()) as {
      id: string;
      jobs: { id: string; keyword: string }[];
      links: { self: string };
    };
    expect(batch.jobs.map((j) => j.keyword)).toEqual(["home composting", "worm bins"]);

    const before = (await (await call(batch.links.self, { headers: bearer(tenant.key) })).json()) as BatchView;
    expect(before).toMatchObject({ size: 2, done: false, counts: { queued: 2, completed: 0 } });
    expect(before.jobs.sort()).toEqual(batch.jobs.map((j) => j.id).sort());

    await driveJob(batch.jobs[0]?.id as string);
    const half = (await (await call(batch.links.self, { headers: bearer(tenant.key) })).json()) as BatchView;
    expect(half.counts).toMatchObject({ queued: 1, completed: 1 });

    await driveJob(batch.jobs[1]?.id as string);
    const after = (await (await call(batch.links.self, { headers: bearer(tenant.key) })).json()) as BatchView;
    expect(after.done).toBe(true);
    expect((after.counts.completed ?? 0) + (after.counts.failed ?? 0)).toBe(2);

    const job = (await (await call(`/v1/articles/${batch.jobs[1]?.id}`, { headers: bearer(tenant.key) })).json()) as {
      batchId: string;
    };
    expect(job.batchId).toBe(batch.id);
  });

  it("starts its own job for a keyword a running job of the tenant already has, so it still finishes", async () => {
    const tenant = await createTenant("Batcher");
    const single = await call("/v1/articles", {
      method: "POST",
      headers: bearer(tenant.key),
      json: { keyword: "compost tea", urls: FIXTURE_URLS, maxAttempts: 1 },
    });
    const running = ((await single.json()) as { id: string }).id;
    const res = await call("/v1/batches", {
      method: "POST",
      headers: bearer(tenant.key),
      json: { keywords: ["compost tea", "worm bins"], urls: FIXTURE_URLS, maxAttempts: 1 },
    });
    const batch = (await res.json()) as { jobs: { id: string }[]; links: { self: string } };
    expect(batch.jobs.map((j) => j.id)).not.toContain(running);
    for (const job of [running, ...batch.jobs.map((j) => j.id)]) await driveJob(job);
    const after = (await (await call(batch.links.self, { headers: bearer(tenant.key) })).json()) as BatchView;
    expect(after).toMatchObject({ size: 2, done: true });
    expect(after.jobs.sort()).toEqual(batch.jobs.map((j) => j.id).sort());
  });

  it("answers an Idempotency-Key with the first batch and its jobs, and 422 for a different body", async () => {
    const tenant = await createTenant("Batcher");
    const key = { "idempotency-key": "batch-order-1" };
    const body = { keywords: ["home composting", "worm bins"], urls: FIXTURE_URLS };
    const first = await postBatch(tenant.key, body, key);
    const again = await postBatch(tenant.key, body, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const batch = (await first.json()) as { id: string; jobs: { id: string }[] };
    expect(await again.json()).toEqual(batch);
    expect(again.headers.get("location")).toBe(`/v1/batches/${batch.id}`);
    expect((await jobsOf(tenant.key)).map((job) => job.keyword).sort()).toEqual(["home composting", "worm bins"]);

    const other = await postBatch(tenant.key, { ...body, keywords: ["leaf mould"] }, key);
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toContain("application/problem+json");
    // The key is the tenant's: a job request with it and another body is the same conflict.
    expect(
      (
        await call("/v1/articles", {
          method: "POST",
          headers: { ...bearer(tenant.key), ...key },
          json: { keyword: "worm bins" },
        })
      ).status,
    ).toBe(422);
    expect((await postBatch(tenant.key, body, { "idempotency-key": "batch:bat_1:x" })).status).toBe(400);
  });

  it("completes a keyed batch that failed part-way when it is retried, without starting any job twice", async () => {
    const tenant = await createTenant("Batcher");
    // The second keyword's job cannot be recorded: its event insert is refused until the fault is cleared.
    const failing = `fault ${crypto.randomUUID()}`;
    const trigger = `batch_fault_${crypto.randomUUID().replaceAll("-", "")}`;
    await env.DB.prepare(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON events WHEN instr(NEW.data, '${failing}') > 0 BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
    ).run();
    const key = { "idempotency-key": "batch-order-2" };
    const body = { keywords: ["home composting", failing, "worm bins"], urls: FIXTURE_URLS };
    try {
      const broken = await postBatch(tenant.key, body, key);
      expect(broken.status).toBe(500);
      expect((await jobsOf(tenant.key)).map((job) => job.keyword)).toEqual(["home composting"]);
    } finally {
      await env.DB.prepare(`DROP TRIGGER IF EXISTS ${trigger}`).run();
    }

    const retried = await postBatch(tenant.key, body, key);
    expect(retried.status).toBe(202);
    const batch = (await retried.json()) as {
      id: string;
      jobs: { id: string; keyword: string }[];
      links: { self: string };
    };
    expect(batch.jobs.map((job) => job.keyword)).toEqual(["home composting", failing, "worm bins"]);
    const jobs = await jobsOf(tenant.key);
    expect(jobs.map((job) => job.keyword).sort()).toEqual(["home composting", failing, "worm bins"].sort());
    expect(new Set(jobs.map((job) => job.batchId))).toEqual(new Set([batch.id]));
    const view = (await (await call(batch.links.self, { headers: bearer(tenant.key) })).json()) as BatchView;
    expect(view).toMatchObject({ size: 3, counts: { queued: 3 } });
    expect(view.jobs.sort()).toEqual(batch.jobs.map((job) => job.id).sort());
    expect(await (await postBatch(tenant.key, body, key)).json()).toEqual(batch);
  });

  it("costs one request of the tenant's rate limit per job it starts", async () => {
    const tenant = await createTenant("Tiny batcher", "tiny"); // 3 requests a minute
    let now = 1_000_000;
    await runInDurableObject(env.GUARD.get(env.GUARD.idFromName(`tenant:${tenant.id}`)), (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    const three = await postBatch(tenant.key, { keywords: ["compost tea", "worm bins", "Worm Bins", "leaf mould"] });
    expect(three.status).toBe(202);
    expect(three.headers.get("ratelimit-remaining")).toBe("0");
    expect((await call("/v1/me", { headers: bearer(tenant.key) })).status).toBe(429);

    now += 60_000;
    const tooBig = await postBatch(tenant.key, { keywords: ["a", "b", "c", "d"] });
    expect(tooBig.status).toBe(400);
    expect(JSON.stringify(await tooBig.json())).toContain("at most 3 fit the rate limit");
    // Two tokens are left: a batch of three is refused whole, and starts nothing.
    const refused = await postBatch(tenant.key, { keywords: ["e", "f", "g"] });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { detail: string }).detail).toContain("batch of 3 jobs");
    now += 60_000;
    expect((await jobsOf(tenant.key)).map((job) => job.keyword).sort()).toEqual([
      "compost tea",
      "leaf mould",
      "worm bins",
    ]);
  });

  it("rejects an empty or oversized batch and hides batches from other tenants", async () => {
    const tenant = await createTenant("Batcher2");
    const empty = await call("/v1/batches", { method: "POST", headers: bearer(tenant.key), json: { keywords: [] } });
    expect(empty.status).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => `keyword ${i}`);
    expect(
      (await call("/v1/batches", { method: "POST", headers: bearer(tenant.key), json: { keywords: tooMany } })).status,
    ).toBe(400);
    const made = await call("/v1/batches", {
      method: "POST",
      headers: bearer(tenant.key),
      json: { keywords: ["compost tea"] },
    });
    const { id } = (await made.json()) as { id: string };
    const stranger = await createTenant("Stranger");
    expect((await call(`/v1/batches/${id}`, { headers: bearer(stranger.key) })).status).toBe(404);
  });
});
