import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventStore } from "../src/adapters/storage/events";
import { foldJob } from "../src/core/jobs/reducer";
import { ARTICLE_CSP } from "../src/http/article-html";
import { ADMIN, bearer, call, createTenant } from "./helpers";
import { driveJob, FIXTURE_URLS, stubWeb } from "./jobs-fixtures";

let web: ReturnType<typeof stubWeb>;
beforeEach(() => {
  web = stubWeb();
});
afterEach(() => web.restore());

async function post(key: string, body: unknown, headers: Record<string, string> = {}) {
  return call("/v1/articles", { method: "POST", headers: { ...bearer(key), ...headers }, json: body });
}

// Whole jobs run in these tests; a busy machine needs more than the default five seconds.
describe("articles API", { timeout: 30_000 }, () => {
  it("runs a searched job to completed and serves the article as JSON, HTML and Markdown", async () => {
    const tenant = await createTenant("Runner");
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const res = await post(
      tenant.key,
      { keyword: "home composting", maxAttempts: 2, seoThreshold: 10 },
      { traceparent },
    );
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; status: string; links: Record<string, string> };
    expect(job.status).toBe("queued");
    expect(res.headers.get("location")).toBe(`/v1/articles/${job.id}`);

    expect(await driveJob(job.id)).toBe("completed");
    expect(web.requests.some((url) => url.startsWith("https://search.example/search?"))).toBe(true);

    const events = await new EventStore(env.DB).read(job.id);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "DraftWritten")).toHaveLength(foldJob(job.id, events).attempts.length);
    expect(events.at(-1)?.type).toBe("ArticleCompleted");

    const view = (await (await call(job.links.self as string, { headers: bearer(tenant.key) })).json()) as Record<
      string,
      unknown
    >;
    expect(view).toMatchObject({
      id: job.id,
      status: "completed",
      stage: "done",
      traceId: "0af7651916cd43dd8448eb211c80319c",
    });
    expect((view.article as { title: string }).title).toBeTruthy();
    expect((view.sources as unknown[]).length).toBe(3);
    // The JSON carries the article's schema.org graph, as the HTML does: its sources are the citations.
    const article = view.article as { title: string; sources: { url: string }[] };
    const [ld] = view.jsonLd as { "@type": string; headline: string; citation: { url: string }[] }[];
    expect(ld).toMatchObject({ "@type": "Article", headline: article.title.slice(0, 110) });
    expect(ld?.citation.map((c) => c.url)).toEqual(article.sources.map((s) => s.url));
    expect(ld?.citation.length).toBeGreaterThan(0);
    const row = await env.DB.prepare("SELECT status, attempts, overall_score, version FROM jobs WHERE id = ?")
      .bind(job.id)
      .first();
    const state = foldJob(job.id, events);
    expect(row).toEqual({
      status: "completed",
      attempts: state.attempts.length,
      overall_score: state.scores?.overall,
      version: state.version,
    });

    const html = await call(`${job.links.self}?format=html`, { headers: bearer(tenant.key) });
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.headers.get("content-security-policy")).toBe(ARTICLE_CSP);
    expect(html.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await html.text()).toContain("<h2");
    const markdown = await call(`${job.links.self}?format=markdown`, { headers: bearer(tenant.key) });
    expect(markdown.headers.get("content-type")).toContain("text/markdown");
    expect(await markdown.text()).toMatch(/^---\n/);
  });

  it("appends no event for a GET: reading the article as JSON, HTML and Markdown only counts views", async () => {
    const tenant = await createTenant("Reader");
    const { id } = (await (
      await post(tenant.key, { keyword: "home composting", urls: FIXTURE_URLS, maxAttempts: 1 })
    ).json()) as { id: string };
    expect(await driveJob(id)).toBe("completed");
    const log = async () => (await new EventStore(env.DB).read(id)).length;
    const row = () =>
      env.DB.prepare("SELECT version, views FROM jobs WHERE id = ?")
        .bind(id)
        .first<{ version: number; views: number }>();
    const eventsBefore = await log();
    const before = await row();
    expect(before).toEqual({ version: eventsBefore, views: 0 });

    for (const format of ["json", "html", "markdown"]) {
      const res = await call(`/v1/articles/${id}?format=${format}`, { headers: bearer(tenant.key) });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // Views are counted after the response (waitUntil): wait for all three, then look at the log.
    await vi.waitFor(async () => expect((await row())?.views).toBe(3), { timeout: 10_000 });
    expect(await log()).toBe(eventsBefore);
    expect((await row())?.version).toBe(before?.version);
  });

  it("uses caller-given URLs instead of search", async () => {
    const tenant = await createTenant("Urls");
    const res = await post(tenant.key, { keyword: "home composting", urls: FIXTURE_URLS.slice(0, 2), maxAttempts: 1 });
    const { id } = (await res.json()) as { id: string };
    expect(await driveJob(id)).toBe("completed");
    expect(web.requests.some((url) => url.includes("search.example"))).toBe(false);
    const view = (await (await call(`/v1/articles/${id}`, { headers: bearer(tenant.key) })).json()) as {
      sources: unknown[];
    };
    expect(view.sources).toHaveLength(2);
  });

  it("answers an Idempotency-Key with the first response, and 422 for a different body", async () => {
    const tenant = await createTenant("Idem");
    const key = { "idempotency-key": "order-42" };
    const first = await post(tenant.key, { keyword: "worm bins" }, key);
    const again = await post(tenant.key, { keyword: "worm bins" }, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(await first.json());
    const other = await post(tenant.key, { keyword: "leaf mould" }, key);
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toContain("application/problem+json");
    // Another tenant's identical key is its own.
    const stranger = await createTenant("Idem2");
    expect((await post(stranger.key, { keyword: "leaf mould" }, key)).status).toBe(202);
  });

  it("treats an Idempotency-Key past its retention as new, whether or not the sweep has pruned it yet", async () => {
    const tenant = await createTenant("IdemExpired");
    const key = { "idempotency-key": "order-43" };
    const first = (await (await post(tenant.key, { keyword: "worm bins" }, key)).json()) as { id: string };
    // Two days pass (the key is kept for one) before the sweep gets to the row.
    await env.DB.prepare("UPDATE idempotency_keys SET created_at = ? WHERE tenant_id = ?")
      .bind(new Date(Date.now() - 2 * 86_400_000).toISOString(), tenant.id)
      .run();
    const other = await post(tenant.key, { keyword: "leaf mould" }, key);
    expect(other.status).toBe(202);
    const second = (await other.json()) as { id: string };
    expect(second.id).not.toBe(first.id);
    // The key now answers with the new job, for the new body, for another retention period.
    const again = await post(tenant.key, { keyword: "leaf mould" }, key);
    expect(((await again.json()) as { id: string }).id).toBe(second.id);
    expect((await post(tenant.key, { keyword: "worm bins" }, key)).status).toBe(422);
  });

  it("refuses an Idempotency-Key in the inbound hooks' namespace, so it cannot stand in for a hook's call", async () => {
    const tenant = await createTenant("Idem3");
    const taken = await post(tenant.key, { keyword: "worm bins" }, { "idempotency-key": "hook:hook_1:id:msg_1" });
    expect(taken.status).toBe(400);
    expect(taken.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await taken.json())).toContain("inbound hooks");
    expect((await post(tenant.key, { keyword: "worm bins" }, { "idempotency-key": "webhook:1" })).status).toBe(202);
  });

  it("refuses an Idempotency-Key in the batches' namespace, so it cannot stand in for a batch's job", async () => {
    const tenant = await createTenant("Idem4");
    const taken = await post(tenant.key, { keyword: "worm bins" }, { "idempotency-key": "batch:bat_1:worm bins" });
    expect(taken.status).toBe(400);
    expect(JSON.stringify(await taken.json())).toContain("the jobs of batches");
  });

  it("joins an identical job still in flight, and starts a new one once it has finished", async () => {
    const tenant = await createTenant("Flight");
    const body = { keyword: "Home Composting", urls: FIXTURE_URLS, maxAttempts: 1 };
    const first = (await (await post(tenant.key, body)).json()) as { id: string };
    const same = (await (await post(tenant.key, { ...body, keyword: "  home   composting " })).json()) as {
      id: string;
    };
    expect(same.id).toBe(first.id);
    // The same keyword pasted with a zero-width space and a soft hyphen in it is the same job.
    const invisible = (await (await post(tenant.key, { ...body, keyword: "Home\u200b Com\u00adposting" })).json()) as {
      id: string;
    };
    expect(invisible.id).toBe(first.id);
    const other = (await (await post(tenant.key, { ...body, maxAttempts: 2 })).json()) as { id: string };
    expect(other.id).not.toBe(first.id);
    const stranger = await createTenant("Flight2");
    expect(((await (await post(stranger.key, body)).json()) as { id: string }).id).not.toBe(first.id);
    await driveJob(first.id);
    const later = (await (await post(tenant.key, body)).json()) as { id: string };
    expect(later.id).not.toBe(first.id);
  });

  it("rejects invalid requests with a 400 problem listing the fields", async () => {
    const tenant = await createTenant("Bad");
    const res = await post(tenant.key, {
      keyword: "",
      maxAttempts: 9,
      urls: ["ftp://x.example/a"],
      webhookUrl: "nope",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect([...new Set(body.errors.map((e) => e.path))].sort()).toEqual([
      "keyword",
      "maxAttempts",
      "urls.0",
      "webhookUrl",
    ]);
  });

  it("keeps tenants apart: another tenant's job is 404 everywhere", async () => {
    const owner = await createTenant("Owner");
    const other = await createTenant("Other");
    const { id } = (await (await post(owner.key, { keyword: "private topic" })).json()) as { id: string };
    const asOther = bearer(other.key);
    expect((await call(`/v1/articles/${id}`, { headers: asOther })).status).toBe(404);
    expect((await call(`/v1/articles/${id}/events`, { headers: asOther })).status).toBe(404);
    const regen = await call(`/v1/articles/${id}/regenerate`, {
      method: "POST",
      headers: asOther,
      json: { from: "research" },
    });
    expect(regen.status).toBe(404);
    const rate = await call(`/v1/articles/${id}/feedback`, { method: "POST", headers: asOther, json: { rating: 1 } });
    expect(rate.status).toBe(404);
    const list = (await (await call("/v1/articles", { headers: asOther })).json()) as { data: { id: string }[] };
    expect(list.data.map((j) => j.id)).not.toContain(id);
    expect((await call(`/v1/articles/${id}`, { headers: bearer(owner.key) })).status).toBe(200);
  });

  it("lists with cursor pagination and filters by status and keyword", async () => {
    const tenant = await createTenant("Lister");
    for (const keyword of ["alpha compost", "beta compost", "gamma worms"]) await post(tenant.key, { keyword });
    const first = (await (await call("/v1/articles?limit=2", { headers: bearer(tenant.key) })).json()) as {
      data: { keyword: string }[];
      nextCursor: string | null;
    };
    expect(first.data.map((j) => j.keyword)).toEqual(["gamma worms", "beta compost"]);
    const second = (await (
      await call(`/v1/articles?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`, {
        headers: bearer(tenant.key),
      })
    ).json()) as { data: { keyword: string }[]; nextCursor: string | null };
    expect(second.data.map((j) => j.keyword)).toEqual(["alpha compost"]);
    expect(second.nextCursor).toBeNull();
    const filtered = (await (
      await call("/v1/articles?keyword=COMPOST&status=queued", { headers: bearer(tenant.key) })
    ).json()) as {
      data: unknown[];
    };
    expect(filtered.data).toHaveLength(2);
    const none = (await (await call("/v1/articles?status=completed", { headers: bearer(tenant.key) })).json()) as {
      data: unknown[];
    };
    expect(none.data).toHaveLength(0);
    // A keyword filter is read as keywords are stored: spacing folded, so the keyword as submitted finds its job.
    await post(tenant.key, { keyword: "Delta  Compost  Tea" });
    const spaced = await call(`/v1/articles?keyword=${encodeURIComponent("delta  compost")}`, {
      headers: bearer(tenant.key),
    });
    expect(((await spaced.json()) as { data: unknown[] }).data).toHaveLength(1);
    // A cursor this API did not give is a 400, not the first page again.
    for (const cursor of ["%%%", btoa("not a cursor"), btoa("2026-12-04T10:00:00.000Z")]) {
      const bad = await call(`/v1/articles?cursor=${encodeURIComponent(cursor)}`, { headers: bearer(tenant.key) });
      expect(bad.status, cursor).toBe(400);
      expect(bad.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("filters by a keyword longer than a LIKE pattern may be, reading % and _ in it as themselves", async () => {
    // D1 refuses a LIKE pattern over 50 bytes as soon as a row meets it: the filter is a substring test.
    const tenant = await createTenant("Long filter");
    const long = "[[-9.548761827797e-312,-1.0540929590118752e-307]] 100% raised_bed garden";
    for (const keyword of [long, long.replace("100%", "100x"), "plain compost"]) await post(tenant.key, { keyword });
    const list = async (filter: string) => {
      const response = await call(`/v1/articles?keyword=${encodeURIComponent(filter)}`, {
        headers: bearer(tenant.key),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { keyword: string }[] }).data.map((job) => job.keyword);
    };
    expect(await list(long.toUpperCase())).toEqual([long]);
    expect(await list("100%")).toEqual([long]);
    expect(await list("raised_bed")).toHaveLength(2);
    expect(await list("raisedxbed")).toEqual([]);
  });

  it("regenerates a finished job from writing, rates it and counts views in analytics", async () => {
    const tenant = await createTenant("Regen");
    const { id } = (await (
      await post(tenant.key, { keyword: "home composting", urls: FIXTURE_URLS, maxAttempts: 1 })
    ).json()) as {
      id: string;
    };
    const early = await call(`/v1/articles/${id}/feedback`, {
      method: "POST",
      headers: bearer(tenant.key),
      json: { rating: 5 },
    });
    expect(early.status).toBe(409);
    await driveJob(id);
    const regen = await call(`/v1/articles/${id}/regenerate`, {
      method: "POST",
      headers: bearer(tenant.key),
      json: { from: "write" },
    });
    expect(regen.status).toBe(202);
    expect(await regen.json()).toMatchObject({ status: "writing", run: 2 });
    expect(await driveJob(id)).toBe("completed");
    const events = await new EventStore(env.DB).read(id);
    expect(events.filter((e) => e.type === "ResearchCompleted")).toHaveLength(1);
    expect(events.filter((e) => e.type === "ArticleCompleted")).toHaveLength(2);

    for (const rating of [2, 4]) {
      const res = await call(`/v1/articles/${id}/feedback`, {
        method: "POST",
        headers: bearer(tenant.key),
        json: { rating },
      });
      expect(res.status).toBe(200);
    }
    await call(`/v1/articles/${id}?format=markdown`, { headers: bearer(tenant.key) });
    await call(`/v1/articles/${id}`, { headers: bearer(tenant.key) });
    // Views are counted after the response (waitUntil): wait for both to land.
    const analytics = await vi.waitFor(
      async () => {
        const body = await (await call("/v1/analytics", { headers: bearer(tenant.key) })).json();
        expect(body).toMatchObject({ views: 2 });
        return body;
      },
      { timeout: 10_000 },
    );
    expect(analytics).toMatchObject({ jobs: 1, completions: 2, failures: 0, ratings: { count: 1, average: 4 } });
    expect((analytics as { averageSeoScore: number }).averageSeoScore).toBeGreaterThan(0);
    expect((await call("/v1/admin/projections/rebuild", { method: "POST", headers: ADMIN })).status).toBe(200);
  });
});
