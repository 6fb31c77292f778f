import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { systemClock } from "../src/core/ports/clock";
import type { Guard } from "../src/durable/guard";
import worker from "../src/index";
import { ADMIN, bearer, call, createTenant } from "./helpers";

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^\/problems\//);
  expect(typeof body.title).toBe("string");
  expect(body.requestId).toBe(response.headers.get("x-request-id"));
  return body;
}

describe("health", () => {
  it("reports version and every binding answering, without auth", async () => {
    const response = await call("/health");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; version: string; bindings: Record<string, string> };
    expect(body.status).toBe("ok");
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.bindings).toMatchObject({ DB: "ok", CACHE: "ok", GUARD: "ok", RESEARCH_QUEUE: "ok", AI: "configured" });
  });

  it("echoes a caller's request id and makes one up otherwise", async () => {
    expect((await call("/health", { headers: { "x-request-id": "abc-123" } })).headers.get("x-request-id")).toBe(
      "abc-123",
    );
    expect((await call("/health")).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("one error shape", () => {
  it("answers an unknown path with a 404 problem", async () => {
    const body = await expectProblem(await call("/nowhere"), 404);
    expect(body.instance).toBe("/nowhere");
  });

  it("answers a wrong method on a known path with 405 and Allow", async () => {
    const response = await call("/health", { method: "DELETE" });
    await expectProblem(response, 405);
    expect(response.headers.get("allow")).toContain("GET");
  });

  it("answers an oversized body with 413", async () => {
    const response = await call("/v1/admin/tenants", {
      method: "POST",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(1_100_000) }),
    });
    await expectProblem(response, 413);
  });

  it("takes research handed back whole: a larger cap on the routes whose bodies carry sources", async () => {
    const { key } = await createTenant("Big research");
    const sources = [1, 2, 3].map((id) => ({
      id,
      url: `https://garden${id}.example/soil`,
      status: "ok",
      title: "Soil",
      wordCount: 1,
      headings: [],
      paragraphs: [],
      text: "Soil for raised beds. ".repeat(25_000),
    }));
    const body = JSON.stringify({ keyword: "", sources });
    expect(body.length).toBeGreaterThan(1_048_576);
    const post = (path: string, payload: string) =>
      call(path, { method: "POST", headers: { ...bearer(key), "content-type": "application/json" }, body: payload });
    // Over the general cap, under the sources cap: read, and refused only for its empty keyword.
    await expectProblem(await post("/v1/write", body), 400);
    await expectProblem(await post("/v1/analyze/seo", body), 413);
    await expectProblem(await post("/v1/write", JSON.stringify({ pad: "x".repeat(8_400_000) })), 413);
  });

  it("lists each invalid field of a bad body", async () => {
    const response = await call("/v1/admin/tenants", {
      method: "POST",
      headers: ADMIN,
      json: { name: "", plan: "NOT OK" },
    });
    const body = await expectProblem(response, 400);
    const paths = (body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "plan"]));
  });

  it("answers malformed JSON with a 400 problem", async () => {
    const response = await call("/v1/admin/tenants", {
      method: "POST",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: "{not json",
    });
    await expectProblem(response, 400);
  });

  it("turns an uncaught error into a generic 500 that leaks nothing", async () => {
    const { createApp } = await import("../src/app");
    const app = createApp();
    app.get("/explode", () => {
      throw new Error("secret database password in stack");
    });
    const response = await app.request("/explode", {}, env);
    const text = await response.clone().text();
    await expectProblem(response, 500);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("at ");
  });

  it("answers a stored row the reader refuses with a 500 that names none of its fields, not a 400 blaming the request", async () => {
    const tenant = await createTenant("UnreadableRow");
    const created = await call("/v1/articles", {
      method: "POST",
      headers: bearer(tenant.key),
      json: { keyword: "seed saving" },
    });
    const { id } = (await created.json()) as { id: string };
    // A row in a shape this version does not read (written by another one, or damaged).
    await env.DB.prepare("UPDATE jobs SET assessment = ? WHERE id = ?").bind('{"scores":"high"}', id).run();
    const response = await call(`/v1/articles/${id}`, { headers: bearer(tenant.key) });
    const text = await response.clone().text();
    await expectProblem(response, 500);
    expect(text).not.toContain("assessment");
    expect(text).not.toContain("scores");
  });

  it("answers a misconfigured pipeline setting with a 500 that names no setting, not a 400 blaming the request", async () => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("http://localhost/health") as unknown as Request<unknown, IncomingRequestCfProperties>,
      { ...env, STUCK_AFTER_SECONDS: "-5" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const text = await response.clone().text();
    await expectProblem(response, 500);
    expect(text).not.toContain("STUCK_AFTER_SECONDS");
  });
});

describe("admin auth", () => {
  it("rejects a missing or wrong admin token", async () => {
    await expectProblem(await call("/v1/admin/tenants"), 401);
    await expectProblem(await call("/v1/admin/tenants", { headers: { authorization: "Bearer nope" } }), 401);
    expect((await call("/v1/admin/tenants", { headers: ADMIN })).status).toBe(200);
  });

  it("treats /v1/admin itself as the admin space: the admin token's 401 without it, 404 with it", async () => {
    for (const path of ["/v1/admin", "/v1/admin/", "/v1/admin/nothing-here"]) {
      const refused = await expectProblem(await call(path), 401);
      expect(refused.detail, path).toBe("A valid admin token is required");
      const wrong = await call(path, { headers: { authorization: "Bearer nope" } });
      expect(wrong.headers.get("www-authenticate"), path).toBe('Bearer realm="admin"');
      const found = await expectProblem(await call(path, { headers: ADMIN }), 404);
      expect(found.detail, path).toBe(`No resource at ${path}`);
    }
  });

  it("does not take a tenant's API key for /v1/admin, nor the admin token for a tenant path", async () => {
    const { key } = await createTenant("Admin space");
    await expectProblem(await call("/v1/admin", { headers: bearer(key) }), 401);
    await expectProblem(await call("/v1/administrators", { headers: ADMIN }), 401);
    await expectProblem(await call("/v1/administrators", { headers: bearer(key) }), 404);
  });
});

describe("API keys", () => {
  it("shows a created key once, stores only its hash, and authenticates with it", async () => {
    const { id, key } = await createTenant();
    expect(key).toMatch(/^obk_[0-9A-Za-z]{43}$/);
    const me = await call("/v1/me", { headers: bearer(key) });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe(id);
    const stored = await env.DB.prepare("SELECT hash, prefix FROM api_keys WHERE tenant_id = ?")
      .bind(id)
      .first<{ hash: string; prefix: string }>();
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.hash).not.toContain(key);
    expect(key.startsWith(stored?.prefix ?? "-")).toBe(true);
    const listed = await call(`/v1/admin/tenants/${id}/keys`, { headers: ADMIN });
    expect(JSON.stringify(await listed.json())).not.toContain(key);
  });

  it("rejects a missing, unknown or revoked key on the whole /v1 space, even unknown paths", async () => {
    const { id, key, keyId } = await createTenant();
    await expectProblem(await call("/v1/me"), 401);
    await expectProblem(await call("/v1/me", { headers: bearer("obk_unknown") }), 401);
    await expectProblem(await call("/v1/no-such-thing", { headers: bearer("obk_unknown") }), 401);
    await expectProblem(await call("/v1/no-such-thing", { headers: bearer(key) }), 404);
    expect((await call(`/v1/admin/tenants/${id}/keys/${keyId}`, { method: "DELETE", headers: ADMIN })).status).toBe(
      204,
    );
    await expectProblem(await call("/v1/me", { headers: bearer(key) }), 401);
  });

  it("stops a disabled tenant's keys and lets them work again when re-enabled", async () => {
    const { id, key } = await createTenant();
    expect(
      (await call(`/v1/admin/tenants/${id}`, { method: "PATCH", headers: ADMIN, json: { disabled: true } })).status,
    ).toBe(200);
    await expectProblem(await call("/v1/me", { headers: bearer(key) }), 401);
    await call(`/v1/admin/tenants/${id}`, { method: "PATCH", headers: ADMIN, json: { disabled: false } });
    expect((await call("/v1/me", { headers: bearer(key) })).status).toBe(200);
  });

  it("never shows tenant A the keys of tenant B", async () => {
    const a = await createTenant("A");
    const b = await createTenant("B");
    const listed = (await (await call("/v1/keys", { headers: bearer(a.key) })).json()) as { data: { id: string }[] };
    expect(listed.data.map((key) => key.id)).toEqual([a.keyId]);
    await expectProblem(await call(`/v1/keys/${b.keyId}`, { headers: bearer(a.key) }), 404);
    expect((await call(`/v1/keys/${a.keyId}`, { headers: bearer(a.key) })).status).toBe(200);
  });
});

describe("per-tenant rate limit", () => {
  it("answers 429 with RateLimit headers when the bucket empties, and refills over time", async () => {
    const { id, key } = await createTenant("Tiny", "tiny");
    const stub = env.GUARD.get(env.GUARD.idFromName(`tenant:${id}`));
    let now = 1_000_000;
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    const first = await call("/v1/me", { headers: bearer(key) });
    expect(first.headers.get("ratelimit-limit")).toBe("3");
    expect(first.headers.get("ratelimit-remaining")).toBe("2");
    await call("/v1/me", { headers: bearer(key) });
    await call("/v1/me", { headers: bearer(key) });
    const limited = await call("/v1/me", { headers: bearer(key) });
    await expectProblem(limited, 429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    now += 20_000; // one token per 20 s at 3 a minute
    expect((await call("/v1/me", { headers: bearer(key) })).status).toBe(200);
    expect((await call("/v1/me", { headers: bearer(key) })).status).toBe(429);
  });

  it("answers 503 problem+json with Retry-After, not 500, when the tenant's rate limiter cannot be reached", async () => {
    const { id, key } = await createTenant("Unlimited?");
    const stub = env.GUARD.get(env.GUARD.idFromName(`tenant:${id}`));
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = {
        now: () => {
          throw new Error("storage offline");
        },
      };
    });
    try {
      const refused = await call("/v1/me", { headers: bearer(key) });
      const body = await expectProblem(refused, 503);
      expect(body).toMatchObject({ type: "/problems/service-unavailable" });
      expect(JSON.stringify(body)).not.toContain("storage offline");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const batch = await call("/v1/batches", { method: "POST", headers: bearer(key), json: { keywords: ["a", "b"] } });
      await expectProblem(batch, 503);
    } finally {
      await runInDurableObject(stub, (guard: Guard) => {
        guard.clock = systemClock;
      });
    }
    expect((await call("/v1/me", { headers: bearer(key) })).status).toBe(200);
  });
});

describe("OpenAPI", () => {
  it("serves a valid OpenAPI 3.1 document that lists every route and the security schemes", async () => {
    const response = await call("/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(["ApiKey", "AdminToken"]));
    const { createApp } = await import("../src/app");
    // The API's routes: not the reference itself, nor the dashboard's HTML pages.
    const routes = createApp().routes.filter(
      (r) => r.method !== "ALL" && !["/openapi.json", "/docs", "/dashboard/*"].includes(r.path),
    );
    for (const route of routes) {
      const openApiPath = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
      expect(doc.paths[openApiPath]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const operation of Object.values(operations) as { responses?: object }[]) {
        expect(operation.responses, path).toBeDefined();
      }
    }
  });

  it("serves the API reference page", async () => {
    const response = await call("/docs");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("/openapi.json");
  });
});
