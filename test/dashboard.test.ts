import { describe, expect, it, vi } from "vitest";
import { EventStore } from "../src/adapters/storage/events";
import { documentOf } from "./dashboard-helpers";
import { ADMIN, call, createTenant } from "./helpers";
import { driveJob, FIXTURE_URLS, stubWeb } from "./jobs-fixtures";

/** Sign-in, sessions and CSRF through the real Worker (the key is checked against `GET /v1/me`). */
async function loginForm(base = "http://localhost") {
  const response = await call("/dashboard/login");
  const cookie = response.headers.get("set-cookie")?.match(/ob_login=([^;]+)/)?.[1];
  const document = await documentOf(response);
  const token = document.querySelector('input[name="_csrf"]')?.getAttribute("value");
  if (!cookie || !token) throw new Error("the sign-in form has no CSRF token");
  return { cookie: `ob_login=${cookie}`, token, base };
}

async function signIn(key: string, url = "http://localhost/dashboard/login") {
  const { cookie, token } = await loginForm();
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(
    new Request(url, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin },
      body: new URLSearchParams({ _csrf: token, key }).toString(),
    }),
  );
}

const sessionCookieOf = (response: Response) =>
  response.headers.getSetCookie().find((header) => header.startsWith("ob_session="));

describe("dashboard sign-in", () => {
  it("signs in with a valid key and keeps only a session id in an HttpOnly, SameSite=Strict cookie", async () => {
    const { key } = await createTenant("Dash");
    const response = await signIn(key);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard/jobs");
    const cookie = sessionCookieOf(response);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toContain(key);

    const jobs = await call("/dashboard/jobs", {
      headers: { cookie: cookie?.split(";")[0] ?? "" },
      redirect: "manual",
    });
    expect(jobs.status).not.toBe(303);
    expect(await jobs.text()).toContain("Signed in as Dash");
  });

  it("marks the session cookie Secure when the dashboard is served over https", async () => {
    const { key } = await createTenant("Secure");
    const response = await signIn(key, "https://localhost/dashboard/login");
    expect(response.status).toBe(303);
    expect(sessionCookieOf(response)).toMatch(/; Secure/);
  });

  it("shows the form again with an announced error for a bad key, and sets no session", async () => {
    const response = await signIn("obk_not-a-real-key");
    expect(response.status).toBe(401);
    expect(sessionCookieOf(response)).toBeUndefined();
    const document = await documentOf(response);
    const error = document.querySelector('[role="alert"]');
    expect(error?.textContent).toContain("not accepted");
    const input = document.querySelector("#key");
    expect(input?.getAttribute("aria-invalid")).toBe("true");
    expect(input?.getAttribute("aria-describedby")).toBe(error?.getAttribute("id"));
    expect(document.querySelector('label[for="key"]')).not.toBeNull();
  });

  it("refuses a sign-in post without the form's token or from another origin", async () => {
    const { key } = await createTenant("Csrf");
    const { cookie, token } = await loginForm();
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      call("/dashboard/login", {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(body).toString(),
      });
    expect((await post({ key })).status).toBe(403);
    expect((await post({ key, _csrf: "x".repeat(43) })).status).toBe(403);
    expect((await post({ key, _csrf: token }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ key, _csrf: token }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ key, _csrf: token }, { origin: "http://localhost" })).status).toBe(303);
  });
});

describe("dashboard sessions", () => {
  it("sends a visitor without a session to the sign-in page, remembering where they were going", async () => {
    for (const path of [
      "/dashboard",
      "/dashboard/jobs?status=failed",
      "/dashboard/jobs/new",
      "/dashboard/analytics",
      "/dashboard/jobs/x",
    ]) {
      const response = await call(path, { redirect: "manual" });
      expect(response.status, path).toBe(303);
      expect(response.headers.get("location")).toBe(`/dashboard/login?next=${encodeURIComponent(path)}`);
    }
    const forged = await call("/dashboard/jobs", {
      headers: { cookie: `ob_session=${"A".repeat(43)}` },
      redirect: "manual",
    });
    expect(forged.status).toBe(303);
  });

  it("rejects a signed-in POST without the session's CSRF token, and signs out with it", async () => {
    const { key } = await createTenant("Logout");
    const cookie = sessionCookieOf(await signIn(key))?.split(";")[0] ?? "";
    const page = await call("/dashboard/jobs/new", { headers: { cookie } });
    const csrf = (await documentOf(page)).querySelector('input[name="_csrf"]')?.getAttribute("value") ?? "";
    const post = (path: string, body: Record<string, string>) =>
      call(path, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(body).toString(),
      });

    const forged = await post("/dashboard/jobs/new", { keyword: "compost" });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("Request refused");
    expect((await post("/dashboard/logout", { _csrf: "wrong" })).status).toBe(403);

    const out = await post("/dashboard/logout", { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/dashboard/login");
    expect((await call("/dashboard/jobs", { headers: { cookie }, redirect: "manual" })).status).toBe(303);
  });

  it("ends the session and asks to sign in again once the key is revoked", async () => {
    const { id, key, keyId } = await createTenant("Revoked");
    const cookie = sessionCookieOf(await signIn(key))?.split(";")[0] ?? "";
    const listed = await call("/dashboard/jobs", { headers: { cookie }, redirect: "manual" });
    expect(listed.status).toBe(200);
    expect((await documentOf(listed)).querySelector("h1")?.textContent).toBe("Jobs");

    const revoked = await call(`/v1/admin/tenants/${id}/keys/${keyId}`, { method: "DELETE", headers: ADMIN });
    expect(revoked.status).toBe(204);
    const after = await call("/dashboard/jobs", { headers: { cookie }, redirect: "manual" });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/dashboard/login");
    expect(after.headers.get("set-cookie")).toMatch(/ob_session=;/);
    const again = await call("/dashboard/jobs", { headers: { cookie }, redirect: "manual" });
    expect(again.headers.get("location")).toBe(`/dashboard/login?next=${encodeURIComponent("/dashboard/jobs")}`);
  });

  it("serves pages with a strict content security policy and no caching", async () => {
    const response = await call("/dashboard/login");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const document = await documentOf(response);
    expect(document.documentElement.getAttribute("lang")).toBe("en");
    expect(document.querySelector("a.skip-link")?.getAttribute("href")).toBe("#main");
    expect(document.querySelectorAll("header, main#main, footer").length).toBe(3);
  });
});

describe("dashboard reads", { timeout: 30_000 }, () => {
  it("does not count the tenant's own page and preview, or a HEAD, as readers' views; an API read is counted; none appends an event", async () => {
    const web = stubWeb();
    try {
      const { key } = await createTenant("OwnViews");
      const created = await call("/v1/articles", {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        json: { keyword: "home composting", urls: FIXTURE_URLS, maxAttempts: 1 },
      });
      const { id } = (await created.json()) as { id: string };
      expect(await driveJob(id)).toBe("completed");
      const cookie = sessionCookieOf(await signIn(key))?.split(";")[0] ?? "";
      const { env, exports } = await import("cloudflare:workers");
      const log = async () => (await new EventStore(env.DB).read(id)).length;
      const version = async () =>
        (await env.DB.prepare("SELECT version FROM jobs WHERE id = ?").bind(id).first<{ version: number }>())?.version;
      const eventsBefore = await log();
      const versionBefore = await version();
      for (const path of [`/dashboard/jobs/${id}`, `/dashboard/jobs/${id}/preview`]) {
        const page = await exports.default.fetch(new Request(`http://localhost${path}`, { headers: { cookie } }));
        expect(page.status).toBe(200);
      }
      // A HEAD reads no article.
      const head = await call(`/v1/articles/${id}`, { method: "HEAD", headers: { authorization: `Bearer ${key}` } });
      expect(head.status).toBe(200);
      // A caller cannot pass for the dashboard by naming its header.
      await call(`/v1/articles/${id}`, {
        headers: { authorization: `Bearer ${key}`, "x-optiblog-dashboard": "guess" },
      });
      // Views are counted after the response (waitUntil): wait for the API read's to land, the pages' were sent first.
      const views = async () =>
        (
          (await (await call("/v1/analytics", { headers: { authorization: `Bearer ${key}` } })).json()) as {
            views: number;
          }
        ).views;
      await vi.waitFor(async () => expect(await views()).toBeGreaterThan(0), { timeout: 10_000 });
      expect(await views()).toBe(1);
      // Neither the pages nor the read appended to the job's log or moved its version.
      expect(await log()).toBe(eventsBefore);
      expect(await version()).toBe(versionBefore);
    } finally {
      web.restore();
    }
  });
});
