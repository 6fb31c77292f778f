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

describe("OPTIONS and CORS preflight", () => {
  const preflight = (path: string, method: string) =>
    call(path, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": method },
    });

  it.each([
    ["/health", "GET, HEAD, OPTIONS"],
    ["/v1/articles", "GET, HEAD, OPTIONS, POST"],
    ["/v1/articles/art_0000000000000000000000", "GET, HEAD, OPTIONS"],
    ["/v1/webhooks/whk_0000000000000000000000", "DELETE, GET, HEAD, OPTIONS, PATCH"],
    ["/v1/webhooks/deliveries", "GET, HEAD, OPTIONS"],
    ["/v1/webhooks/default-secret", "OPTIONS, POST"],
    ["/dashboard/jobs", "GET, HEAD, OPTIONS, POST"],
  ])("answers OPTIONS %s with 204 and the methods it serves, %s", async (path, allow) => {
    const res = await call(path, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe(allow);
  });

  it("answers OPTIONS on a path with no resource 404, as any other method", async () => {
    const res = await call("/v1/nothing-here", { method: "OPTIONS" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("lets a browser's preflight through without a key, offering only the path's methods", async () => {
    const res = await preflight("/v1/webhooks/deliveries", "GET");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,HEAD,OPTIONS");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    expect(res.headers.get("access-control-max-age")).toBe("600");
  });

  it("lets a browser send the trace context the API continues (traceparent, tracestate) across origins", async () => {
    const res = await call("/v1/articles", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,traceparent,tracestate",
      },
    });
    expect(res.status).toBe(204);
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(",");
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "traceparent", "tracestate"]));
  });

  it("shows a cross-origin caller the headers it needs to pace and trace itself", async () => {
    const res = await call("/health", { headers: { origin: "https://app.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const exposed = (res.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(",");
    expect(exposed).toEqual(expect.arrayContaining(["x-request-id", "retry-after", "ratelimit-remaining", "location"]));
  });
});
