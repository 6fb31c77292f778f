import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DurableGuards } from "../src/adapters/guards/durable";
import { EventStore } from "../src/adapters/storage/events";
import { rebuildProjections } from "../src/adapters/storage/rebuild";
import { RebuildSuperseded } from "../src/core/errors";
import { ADMIN, bearer, call, createTenant } from "./helpers";
import { driveJob, FIXTURE_URLS, stubWeb } from "./jobs-fixtures";

let web: ReturnType<typeof stubWeb>;
beforeEach(() => {
  web = stubWeb();
});
afterEach(() => web.restore());

/** The read tables' rows of these tenants (other test files share the database). */
async function readTables(tenantIds: string[]) {
  const marks = tenantIds.map(() => "?").join(", ");
  const jobs = await env.DB.prepare(`SELECT * FROM jobs WHERE tenant_id IN (${marks}) ORDER BY id`)
    .bind(...tenantIds)
    .all();
  const analytics = await env.DB.prepare(
    `SELECT * FROM tenant_analytics WHERE tenant_id IN (${marks}) ORDER BY tenant_id`,
  )
    .bind(...tenantIds)
    .all();
  return { jobs: jobs.results, analytics: analytics.results };
}

// Whole jobs run in these tests; a busy machine needs more than the default five seconds.
describe("projections", { timeout: 30_000 }, () => {
  it("rebuilds read tables from the log that equal the live ones", async () => {
    const tenants = [await createTenant("ProjA"), await createTenant("ProjB")];
    const ids: string[] = [];
    for (const [i, tenant] of tenants.entries()) {
      for (const keyword of ["home composting", `worm bins ${i}`]) {
        const res = await call("/v1/articles", {
          method: "POST",
          headers: bearer(tenant.key),
          json: { keyword, urls: FIXTURE_URLS, maxAttempts: 2 },
        });
        ids.push(((await res.json()) as { id: string }).id);
      }
    }
    // Completed, rated and viewed; one failed; one still queued.
    for (const id of ids.slice(0, 2)) await driveJob(id);
    const owner = bearer(tenants[0]?.key as string);
    await call(`/v1/articles/${ids[0]}/feedback`, { method: "POST", headers: owner, json: { rating: 3 } });
    await call(`/v1/articles/${ids[0]}/feedback`, { method: "POST", headers: owner, json: { rating: 5 } });
    await call(`/v1/articles/${ids[1]}?format=html`, { headers: owner });
    web.restore();
    web = stubWeb();
    globalThis.fetch = (async () => new Response("gone", { status: 404 })) as typeof fetch;
    await driveJob(ids[2] as string);
    const tenantIds = tenants.map((tenant) => tenant.id);
    // The view is counted after the response (waitUntil): wait for it to land before comparing.
    const live = await vi.waitFor(
      async () => {
        const tables = await readTables(tenantIds);
        expect(tables.analytics).toContainEqual(expect.objectContaining({ tenant_id: tenantIds[0], views: 1 }));
        return tables;
      },
      { timeout: 10_000 },
    );
    expect(live.jobs.map((j) => (j as { status: string }).status).sort()).toContain("failed");
    expect(live.analytics).toHaveLength(2);

    await env.DB.prepare("UPDATE jobs SET status = 'corrupted'").run();
    await env.DB.prepare("DELETE FROM tenant_analytics").run();
    const rebuilt = await call("/v1/admin/projections/rebuild", { method: "POST", headers: ADMIN });
    expect(rebuilt.status).toBe(200);
    expect(((await rebuilt.json()) as { streams: number }).streams).toBeGreaterThanOrEqual(4);
    expect(await readTables(tenantIds)).toEqual(live);
  });

  it("rebuilds under live writes: nothing counted twice, no job lost, reads keep answering", async () => {
    const tenant = await createTenant("ProjD");
    const headers = bearer(tenant.key);
    const submit = async (keyword: string) => {
      const res = await call("/v1/articles", { method: "POST", headers, json: { keyword, urls: FIXTURE_URLS } });
      return ((await res.json()) as { id: string }).id;
    };
    const before = [await submit("home composting"), await submit("worm bins"), await submit("hot composting")];
    await driveJob(before[0] as string);
    const startMark = await new EventStore(env.DB).lastSeq();
    const reads: number[] = [];
    const writes = (async () => {
      for (const keyword of ["bokashi", "compost tea", "green manure"]) {
        await submit(keyword);
        await call(`/v1/articles/${before[0]}/feedback`, { method: "POST", headers, json: { rating: 4 } });
        for (const id of before) reads.push((await call(`/v1/articles/${id}`, { headers })).status);
      }
    })();
    // One event a page, so the writes land between the replay's pages, its catch-up and its swap.
    const [rebuilt] = await Promise.all([rebuildProjections(new EventStore(env.DB), { pageSize: 1 }), writes]);
    expect(rebuilt.mark).toBeGreaterThan(startMark);
    expect(reads.every((status) => status === 200)).toBe(true);

    const live = await readTables([tenant.id]);
    const analytics = await env.DB.prepare("SELECT jobs, ratings, rating_sum FROM tenant_analytics WHERE tenant_id = ?")
      .bind(tenant.id)
      .first();
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM jobs WHERE tenant_id = ?").bind(tenant.id).first();
    expect(rows).toEqual({ n: 6 });
    expect(analytics).toEqual({ jobs: 6, ratings: 1, rating_sum: 4 });
    // A rebuild with nothing moving agrees with what the one under writes left behind.
    await rebuildProjections(new EventStore(env.DB));
    expect(await readTables([tenant.id])).toEqual(live);
  });

  it("swaps in only tables that hold the whole log: an append just before the swap is caught up, not added after it", async () => {
    const tenant = await createTenant("ProjE");
    const submit = (keyword: string) =>
      call("/v1/articles", { method: "POST", headers: bearer(tenant.key), json: { keyword, urls: FIXTURE_URLS } });
    await submit("kill one");
    let appended = false;
    let swapped = false;
    // Statements are known by their SQL: the swap's batch is the one that empties the live jobs table.
    const sqlOf = new WeakMap<D1PreparedStatement, string>();
    const tagged = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
      sqlOf.set(statement, sql);
      const bind = statement.bind.bind(statement);
      statement.bind = (...values: unknown[]) => tagged(bind(...values), sql);
      return statement;
    };
    // An article is submitted right before the swap; once the swap has committed, the worker dies.
    const db = new Proxy(env.DB, {
      get(target, property) {
        if (property === "prepare") return (sql: string) => tagged(target.prepare(sql), sql);
        if (property === "batch") {
          return async (statements: D1PreparedStatement[]) => {
            if (swapped) throw new Error("worker killed");
            if (!statements.some((statement) => sqlOf.get(statement) === "DELETE FROM jobs")) {
              return target.batch(statements);
            }
            if (!appended) {
              appended = true;
              await submit("kill two");
            }
            const result = await target.batch(statements);
            swapped = true;
            return result;
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await rebuildProjections(new EventStore(db)).catch(() => undefined);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM jobs WHERE tenant_id = ?").bind(tenant.id).first();
    const analytics = await env.DB.prepare("SELECT jobs FROM tenant_analytics WHERE tenant_id = ?")
      .bind(tenant.id)
      .first();
    expect(rows).toEqual({ n: 2 });
    expect(analytics).toEqual({ jobs: 2 });
  });

  it("stops without touching the read tables when its claim has passed to another rebuild", async () => {
    const tenant = await createTenant("ProjF");
    await call("/v1/articles", { method: "POST", headers: bearer(tenant.key), json: { keyword: "worm bins" } });
    const before = await readTables([tenant.id]);
    let asked = 0;
    const lost = rebuildProjections(new EventStore(env.DB), {
      keepClaim: async () => {
        asked++;
        return false;
      },
    });
    await expect(lost).rejects.toBeInstanceOf(RebuildSuperseded);
    expect(asked).toBeGreaterThan(0);
    expect(await readTables([tenant.id])).toEqual(before);
  });

  it("refuses a rebuild without the admin token", async () => {
    const tenant = await createTenant("ProjC");
    expect((await call("/v1/admin/projections/rebuild", { method: "POST", headers: bearer(tenant.key) })).status).toBe(
      401,
    );
  });

  it("runs one rebuild at a time: a second answers 409 while the first holds the claim, and runs once it is gone", async () => {
    const lock = new DurableGuards(env.GUARD).operation("projections-rebuild");
    const holder = await lock.claimFlight("rebuild", "rebuild_elsewhere", 60_000);
    expect(holder.holder).toBe("rebuild_elsewhere");
    await lock.confirmFlight("rebuild", "rebuild_elsewhere", 60_000);
    try {
      const refused = await call("/v1/admin/projections/rebuild", { method: "POST", headers: ADMIN });
      expect(refused.status).toBe(409);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(refused.headers.get("retry-after")).toBe("30");
      expect(await refused.json()).toMatchObject({ status: 409, detail: expect.stringContaining("already running") });
    } finally {
      await lock.releaseFlight("rebuild", "rebuild_elsewhere");
    }
    expect((await call("/v1/admin/projections/rebuild", { method: "POST", headers: ADMIN })).status).toBe(200);
    // The finished rebuild let its own claim go: the next one is not refused either.
    expect((await call("/v1/admin/projections/rebuild", { method: "POST", headers: ADMIN })).status).toBe(200);
  });
});
