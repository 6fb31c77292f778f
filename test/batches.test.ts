import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, call, createTenant } from "./helpers";
import { driveJob, FIXTURE_URLS, stubWeb } from "./jobs-fixtures";

let web: ReturnType<typeof stubWeb>;
beforeEach(() => {
  web = stubWeb();
});
afterEach(() => web.restore());

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
