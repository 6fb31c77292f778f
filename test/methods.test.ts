import { describe, expect, it } from "vitest";
import { call } from "./helpers";

describe("methods the app does not serve", () => {
  it.each([
    ["TRACE", "/health", "GET, HEAD"],
    ["PROPFIND", "/health", "GET, HEAD"],
    ["DELETE", "/openapi.json", "GET, HEAD"],
    ["PUT", "/docs", "GET, HEAD"],
    ["TRACE", "/dashboard/jobs", "GET, HEAD, POST"],
    ["PROPFIND", "/dashboard/login", "GET, HEAD, POST"],
    ["DELETE", "/dashboard", "GET, HEAD, POST"],
  ])("answers %s %s with 405 problem+json allowing %s", async (method, path, allow) => {
    const res = await call(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.headers.get("allow")).toBe(allow);
    expect(await res.json()).toMatchObject({ status: 405, detail: `${method} is not allowed here` });
  });

  it("still serves the dashboard's pages and forms", async () => {
    expect((await call("/dashboard/login")).status).toBe(200);
    expect((await call("/dashboard/login", { method: "HEAD" })).status).toBe(200);
    const signIn = await call("/dashboard/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "key=wrong",
    });
    expect(signIn.status).toBeLessThan(500);
    expect(signIn.headers.get("content-type")).toContain("text/html");
  });
});
