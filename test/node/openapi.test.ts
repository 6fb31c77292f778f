import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { operationIdFor } from "../../src/http/openapi";

/** The document as a deployment serves it (the app runs in Node for this: /openapi.json touches no binding). */
async function servedDocument(): Promise<string> {
  const env = { LOG_LEVEL: "error" } as unknown as Env;
  const response = await createApp().request("https://api.optiblog.test/openapi.json", {}, env);
  expect(response.status).toBe(200);
  return response.text();
}

describe("OpenAPI document", () => {
  it("passes Redocly's recommended rules without a warning", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: await servedDocument(), absoluteRef: "/openapi.json", config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it("gives every operation a unique operationId and declares the licence", async () => {
    const doc = JSON.parse(await servedDocument()) as {
      info: { license?: { name: string } };
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(30);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.info.license?.name).toBeTruthy();
  });

  it("derives stable operationIds from the method and the path", () => {
    expect(operationIdFor("get", "/v1/articles/{id}/events")).toBe("getArticlesByIdEvents");
    expect(operationIdFor("post", "/v1/admin/tenants/{id}/keys")).toBe("postAdminTenantsByIdKeys");
    expect(operationIdFor("get", "/health")).toBe("getHealth");
    expect(operationIdFor("post", "/v1/analyze/quality")).toBe("postAnalyzeQuality");
    expect(operationIdFor("delete", "/v1/webhooks/{id}/deliveries/{deliveryId}")).toBe(
      "deleteWebhooksByIdDeliveriesByDeliveryId",
    );
  });

  it("documents the 400, 413 and 415 the app answers outside a route's own list wherever they can happen", async () => {
    const doc = JSON.parse(await servedDocument()) as {
      paths: Record<
        string,
        Record<string, { parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }>
      >;
    };
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        if (statuses.includes("4XX")) continue;
        if (operation.parameters?.length && !statuses.includes("400")) missing.push(`400 ${method} ${path}`);
        if (method !== "get" && !statuses.includes("413")) missing.push(`413 ${method} ${path}`);
        if (operation.requestBody && !statuses.includes("415")) missing.push(`415 ${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths["/v1/research"]?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(["413", "415"]),
    );
  });
});
