import { describe, expect, it } from "vitest";
import { bearer, call, createTenant } from "./helpers";

describe("request media types", () => {
  it("answers a body that is not JSON with 415 Unsupported media type", async () => {
    const tenant = await createTenant("Typist");
    const res = await call("/v1/articles", {
      method: "POST",
      headers: { ...bearer(tenant.key), "content-type": "text/plain" },
      body: "keyword=compost",
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({
      type: "/problems/unsupported-media-type",
      title: "Unsupported media type",
      status: 415,
      detail: "Send the request body as application/json",
    });
  });
});
