import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SessionStore } from "../src/dashboard/session";
import { call } from "./helpers";

const cookieOf = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .find((pair) => pair.startsWith(`${name}=`));

async function signInForm() {
  const form = await call("/dashboard/ops/login");
  expect(form.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  return { csrf, cookie: cookieOf(form, "ob_login") ?? "" };
}

const post = (cookie: string, fields: Record<string, string>) =>
  call("/dashboard/ops/login", {
    redirect: "manual",
    method: "POST",
    headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

describe("operator pages", () => {
  it("sends a visitor without an operator session to the operator sign-in", async () => {
    const response = await call("/dashboard/ops", { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard/ops/login");
  });

  it("refuses a wrong admin token and a tenant's key", async () => {
    const { csrf, cookie } = await signInForm();
    const response = await post(cookie, { _csrf: csrf, token: "not-the-admin-token" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("was not accepted");
    expect(cookieOf(response, "ob_ops")).toBeUndefined();
  });

  it("signs in with the admin token and shows SLOs, providers, queues and recent failures", async () => {
    const { csrf, cookie } = await signInForm();
    const signedIn = await post(cookie, { _csrf: csrf, token: "test-admin-token" });
    expect(signedIn.status).toBe(303);
    const session = cookieOf(signedIn, "ob_ops");
    expect(session).toBeDefined();
    const response = await call("/dashboard/ops", { headers: { cookie: session ?? "" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const heading of ["Service level objectives", "LLM providers", "Queues", "Recent failures"])
      expect(html).toContain(heading);
    expect(html).toContain("job-success");
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).not.toContain("Not available now");
  });

  it("ends the operator session once the admin token it holds is refused (the token was rotated)", async () => {
    // A session made with a token the API no longer takes, as one is after the admin token is rotated.
    const { id } = await new SessionStore(env.CACHE).create("the-old-admin-token", {
      id: "operator",
      name: "Operator",
    });
    const response = await call("/dashboard/ops", { redirect: "manual", headers: { cookie: `ob_ops=${id}` } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard/ops/login");
    expect(await new SessionStore(env.CACHE).get(id)).toBeUndefined();
  });
});
