import { describe, expect, it } from "vitest";
import { ADMIN, bearer, call, createTenant } from "./helpers";

const JSON_TYPE = { "content-type": "application/json" };

describe("input the API used to change or drop while answering 2xx", () => {
  it("refuses a misspelled field in a write body instead of dropping it", async () => {
    const tenant = await createTenant("StrictBodies");
    const headers = { ...bearer(tenant.key), ...JSON_TYPE };
    // "schema" for "scheme": the hook would be made with the standard scheme and every GitHub call would get 401.
    const hook = await call("/v1/hooks", {
      method: "POST",
      headers,
      body: '{"keywordPointer":"/a","schema":"github"}',
    });
    expect(hook.status).toBe(400);
    expect(((await hook.json()) as { detail: string }).detail).toContain("schema");
    const endpoint = (await (
      await call("/v1/webhooks", { method: "POST", headers, body: '{"url":"https://example.com/h"}' })
    ).json()) as { id: string };
    // "disable" for "disabled": the endpoint would go on receiving deliveries.
    const patched = await call(`/v1/webhooks/${endpoint.id}`, {
      method: "PATCH",
      headers,
      body: '{"disable":true,"description":"paused"}',
    });
    expect(patched.status).toBe(400);
    const kept = (await (await call(`/v1/webhooks/${endpoint.id}`, { headers })).json()) as {
      description?: string | null;
    };
    expect(kept.description ?? null).toBeNull();
    const write = await call("/v1/write", {
      method: "POST",
      headers,
      body: JSON.stringify({
        keyword: "compost",
        option: { tone: "friendly" },
        sources: [{ id: 1, url: "https://a.example/", title: "A", text: "Compost." }],
      }),
    });
    expect(write.status).toBe(400);
  });

  it("answers a list cursor this API never gave with 400, not an empty last page", async () => {
    const tenant = await createTenant("ForgedCursor");
    await call("/v1/articles", { method: "POST", headers: bearer(tenant.key), json: { keyword: "worm bins" } });
    for (const cursor of [btoa("1|x"), btoa("May 5|job_x"), btoa("0|0"), btoa("2026-12-05T10:00:00.000Z|x y")]) {
      const res = await call(`/v1/articles?cursor=${encodeURIComponent(cursor)}`, { headers: bearer(tenant.key) });
      expect(res.status, atob(cursor)).toBe(400);
    }
    const page = (await (await call("/v1/articles?limit=1", { headers: bearer(tenant.key) })).json()) as {
      data: unknown[];
    };
    expect(page.data).toHaveLength(1);
  });

  it("reads a list parameter sent empty (?limit=, ?cursor=) as left out: its default, not a 400", async () => {
    const tenant = await createTenant("EmptyParams");
    await call("/v1/articles", { method: "POST", headers: bearer(tenant.key), json: { keyword: "worm bins" } });
    const list = await call("/v1/articles?limit=&cursor=&keyword=&status=", { headers: bearer(tenant.key) });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(1);
    const deliveries = await call("/v1/webhooks/deliveries?limit=&jobId=&endpointId=", { headers: bearer(tenant.key) });
    expect(deliveries.status).toBe(200);
    await deliveries.arrayBuffer();
    const failures = await call("/v1/admin/failures?limit=", { headers: ADMIN });
    expect(failures.status).toBe(200);
    await failures.arrayBuffer();
    const zero = await call("/v1/articles?limit=0", { headers: bearer(tenant.key) });
    expect(zero.status).toBe(400);
    await zero.arrayBuffer();
  });

  it("refuses a day before 1970 in a usage query, where a year before 1 would be written as no day", async () => {
    const tenant = await createTenant("AncientUsage");
    const res = await call("/v1/usage?to=0000-01-10", { headers: bearer(tenant.key) });
    expect(res.status).toBe(400);
    const ok = await call("/v1/usage?from=1970-01-01&to=1970-01-02", { headers: bearer(tenant.key) });
    expect(ok.status).toBe(200);
  });

  it("refuses a per-request or default webhookUrl the sender would never call, as registering one does", async () => {
    const tenant = await createTenant("UnsafeHookUrl");
    const headers = { ...bearer(tenant.key), ...JSON_TYPE };
    const url = "http://127.0.0.1:8080/hook";
    const answers = await Promise.all([
      call("/v1/webhooks", { method: "POST", headers, body: JSON.stringify({ url }) }),
      call("/v1/articles", {
        method: "POST",
        headers,
        body: JSON.stringify({ keyword: "worm bins", webhookUrl: url }),
      }),
      call("/v1/batches", {
        method: "POST",
        headers,
        body: JSON.stringify({ keywords: ["worm bins"], webhookUrl: url }),
      }),
      call("/v1/hooks", {
        method: "POST",
        headers,
        body: JSON.stringify({ keywordPointer: "/k", defaults: { webhookUrl: url } }),
      }),
    ]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { errors?: { path: string }[] }[];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(bodies.map((body) => body.errors?.[0]?.path)).toEqual([
      "url",
      "webhookUrl",
      "webhookUrl",
      "defaults.webhookUrl",
    ]);
    const listed = (await (await call("/v1/articles", { headers: bearer(tenant.key) })).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(0);
  });
});

describe("trace context the API cannot continue", () => {
  it("starts a new trace where POST /v1/articles and /v1/batches refused the request with 400", async () => {
    const tenant = await createTenant("JoinedTraceparents");
    const first = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    // Two proxies each added one: the runtime joins repeated headers with ", ", which no traceparent is.
    const joined = `${first}, 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`;
    const headers = { ...bearer(tenant.key), traceparent: joined };
    const article = await call("/v1/articles", { method: "POST", headers, json: { keyword: "rain barrels" } });
    expect(article.status).toBe(202);
    const job = (await article.json()) as { id: string };
    const view = (await (await call(`/v1/articles/${job.id}`, { headers: bearer(tenant.key) })).json()) as {
      traceId: string;
    };
    expect(view.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(view.traceId).not.toBe("0af7651916cd43dd8448eb211c80319c");
    const batch = await call("/v1/batches", { method: "POST", headers, json: { keywords: ["rain chains"] } });
    expect(batch.status).toBe(202);
    await batch.arrayBuffer();
  });
});

describe("keywords with nothing to search for", () => {
  it("are refused with 400 where a job was accepted that could only fail: zero-width, direction and control characters", async () => {
    const tenant = await createTenant("InvisibleKeywords");
    const headers = bearer(tenant.key);
    for (const keyword of ["\u200b\u200b", " \u200e\u200f ", "\u0000", "\u00ad", "\u2060\ufeff"]) {
      const article = await call("/v1/articles", { method: "POST", headers, json: { keyword } });
      expect(article.status, JSON.stringify(keyword)).toBe(400);
      await article.arrayBuffer();
      const batch = await call("/v1/batches", { method: "POST", headers, json: { keywords: ["compost", keyword] } });
      expect(batch.status, JSON.stringify(keyword)).toBe(400);
      await batch.arrayBuffer();
      const research = await call("/v1/research", { method: "POST", headers, json: { keyword } });
      expect(research.status, JSON.stringify(keyword)).toBe(400);
      await research.arrayBuffer();
    }
    const listed = (await (await call("/v1/articles", { headers })).json()) as { data: unknown[] };
    expect(listed.data).toEqual([]);
    // A keyword with a visible character beside them is a keyword.
    const fine = await call("/v1/articles", { method: "POST", headers, json: { keyword: "\u200bcompost" } });
    expect(fine.status).toBe(202);
    await fine.arrayBuffer();
  });
});

describe("JSON bodies that are not UTF-8 text", () => {
  const enc = (text: string) => new TextEncoder().encode(text);

  it("are refused, 415 for another declared charset and 400 for bytes or strings that are not text, storing nothing", async () => {
    const tenant = await createTenant("NotUtf8");
    const post = (body: BodyInit, type = "application/json") =>
      call("/v1/articles", { method: "POST", headers: { ...bearer(tenant.key), "content-type": type }, body });
    const latin1 = await post(
      new Uint8Array([...enc('{"keyword":"caf'), 0xe9, ...enc('"}')]),
      "application/json; charset=iso-8859-1",
    );
    const broken = await post(new Uint8Array([...enc('{"keyword":"ab'), 0xff, 0xfe, ...enc('cd"}')]));
    const lone = await post('{"keyword":"ab\\ud800cd"}');
    const loneKey = await post('{"keyword":"worm bins","options":{"\\udc00":1}}');
    expect([latin1.status, broken.status, lone.status, loneKey.status]).toEqual([415, 400, 400, 400]);
    expect(((await lone.json()) as { detail: string }).detail).toContain("lone surrogate");
    const listed = (await (await call("/v1/articles", { headers: bearer(tenant.key) })).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(0);
  });

  it("are taken as before when they are UTF-8: declared so or not, with characters beyond the BMP as pairs", async () => {
    const tenant = await createTenant("Utf8");
    const post = (body: BodyInit, type: string) =>
      call("/v1/articles", { method: "POST", headers: { ...bearer(tenant.key), "content-type": type }, body });
    const declared = await post(enc('{"keyword":"café crème"}'), 'application/json; charset="UTF-8"');
    const paired = await post('{"keyword":"compost \\ud83c\\udf31 bins"}', "application/json");
    expect([declared.status, paired.status]).toEqual([202, 202]);
    const ids = [(await declared.json()) as { id: string }, (await paired.json()) as { id: string }];
    const keywords = await Promise.all(
      ids.map(async ({ id }) => {
        const job = (await (await call(`/v1/articles/${id}`, { headers: bearer(tenant.key) })).json()) as {
          keyword: string;
        };
        return job.keyword;
      }),
    );
    expect(keywords).toEqual(["café crème", "compost 🌱 bins"]);
  });
});

describe("paths beside /v1/webhooks/{id}", () => {
  it("answer a method they do not serve with 405 and their own Allow, not as an unknown endpoint id", async () => {
    const tenant = await createTenant("NamedWebhookPaths");
    const headers = { ...bearer(tenant.key), ...JSON_TYPE };
    for (const [method, path, allow] of [
      ["DELETE", "/v1/webhooks/deliveries", "GET, HEAD"],
      ["PATCH", "/v1/webhooks/deliveries", "GET, HEAD"],
      ["GET", "/v1/webhooks/default-secret", "POST"],
      ["DELETE", "/v1/webhooks/default-secret", "POST"],
    ] as const) {
      const res = await call(path, { method, headers, ...(method === "PATCH" ? { body: '{"disabled":true}' } : {}) });
      await res.arrayBuffer();
      expect([method, path, res.status, res.headers.get("allow")]).toEqual([method, path, 405, allow]);
    }
    expect((await call("/v1/webhooks/deliveries", { headers })).status).toBe(200);
    expect((await call("/v1/webhooks/default-secret", { method: "POST", headers })).status).toBeLessThan(300);
    const unknown = await call("/v1/webhooks/whe_nothing", { method: "DELETE", headers });
    expect(unknown.status).toBe(404);
  });
});
