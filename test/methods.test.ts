import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { call } from "./helpers";

/**
 * The runtime builds no `Request` with CONNECT (its `Request` refuses the method), so the Worker's `fetch` gets one
 * only as a request-shaped object: what the Worker's own handler would answer if a CONNECT reached it.
 */
async function answerWithoutRuntime(method: string, path: string): Promise<Response> {
  const request = {
    method,
    url: `http://localhost${path}`,
    headers: new Headers(),
    body: null,
    signal: new AbortController().signal,
  } as unknown as Request<unknown, IncomingRequestCfProperties>;
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

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

  it("cannot be handed a CONNECT as a Request: the runtime refuses the method", () => {
    expect(() => new Request("http://localhost/health", { method: "CONNECT" })).toThrow(TypeError);
  });

  it.each([
    ["CONNECT", "/health", "GET, HEAD"],
    ["CONNECT", "/dashboard/jobs", "GET, HEAD, POST"],
  ])(
    "answers %s %s with 405 problem+json allowing %s when the Worker's handler is given one",
    async (method, path, allow) => {
      const res = await answerWithoutRuntime(method, path);
      expect(res.status).toBe(405);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.headers.get("allow")).toBe(allow);
      expect(await res.json()).toMatchObject({ status: 405, detail: `${method} is not allowed here` });
    },
  );

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
