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

  it("takes JSON declared with the spacing and empty parameters RFC 9110 allows, where they were 415", async () => {
    const tenant = await createTenant("Spacing");
    for (const type of [
      "application/json ; charset=utf-8",
      "application/json;",
      "application/json; charset=utf-8;",
      "application/json\t;charset=UTF-8",
    ]) {
      const res = await call("/v1/hooks", {
        method: "POST",
        headers: { ...bearer(tenant.key), "content-type": type },
        body: JSON.stringify({ keywordPointer: "/title" }),
      });
      expect(res.status, type).toBe(201);
      await res.arrayBuffer();
    }
    // Still refused: no JSON at all, and a JSON body declared in another charset.
    for (const [type, status] of [
      ["text/plain ; charset=utf-8", 415],
      ["application/json ; charset=latin1", 415],
    ] as const) {
      const res = await call("/v1/hooks", {
        method: "POST",
        headers: { ...bearer(tenant.key), "content-type": type },
        body: JSON.stringify({ keywordPointer: "/title" }),
      });
      expect(res.status, type).toBe(status);
      await res.arrayBuffer();
    }
  });
});
