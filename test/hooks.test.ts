import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { DurableGuards } from "../src/adapters/guards/durable";
import { jobServices } from "../src/composition/jobs";
import { hmacSha256Hex } from "../src/core/webhooks/inbound";
import type { Guard } from "../src/durable/guard";
import { ADMIN, bearer, call, createTenant } from "./helpers";

interface CreatedHook {
  id: string;
  url: string;
  secret: string;
}

async function createHook(key: string, body: Record<string, unknown>): Promise<CreatedHook> {
  const response = await call("/v1/hooks", { method: "POST", headers: bearer(key), json: body });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedHook;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A Standard Webhooks signed POST to the hook, as a sender would make it. */
function standardCall(hook: CreatedHook, payload: unknown, options: { id?: string; at?: number; body?: string } = {}) {
  const body = JSON.stringify(payload);
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const at = options.at ?? nowSeconds();
  return call(hook.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(at),
      "webhook-signature": new Webhook(hook.secret).sign(id, new Date(at * 1000), body),
    },
    body: options.body ?? body,
  });
}

/**
 * The status of an answer whose body the test does not need, the body read to its end: the runtime keeps an unread
 * answer's stream open, and enough of them in one test file stall the next request.
 */
async function statusOf(answer: Promise<Response>): Promise<number> {
  const response = await answer;
  await response.arrayBuffer();
  return response.status;
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { status: number; detail: string; errors?: { path: string }[] };
}

describe("inbound hooks: management", () => {
  it("creates a hook with its own secret, shown once, and lists it without the secret", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/issue/title", defaults: { maxAttempts: 2 } });
    expect(hook.url).toBe(`/hooks/${hook.id}`);
    expect(hook.secret).toMatch(/^whsec_/);
    const list = (await (await call("/v1/hooks", { headers: bearer(tenant.key) })).json()) as {
      data: Record<string, unknown>[];
    };
    expect(list.data).toMatchObject([{ id: hook.id, scheme: "standard", keywordPointer: "/issue/title" }]);
    expect(list.data[0]).not.toHaveProperty("secret");
  });

  it("rejects a keyword pointer that is not RFC 6901 and defaults that are not a request", async () => {
    const tenant = await createTenant("Inbound");
    for (const body of [{ keywordPointer: "issue.title" }, { keywordPointer: "/k", defaults: { maxAttempts: 99 } }]) {
      const response = await call("/v1/hooks", { method: "POST", headers: bearer(tenant.key), json: body });
      expect(response.status).toBe(400);
    }
  });

  it("keeps one tenant's hooks out of another's reach", async () => {
    const owner = await createTenant("Owner");
    const other = await createTenant("Other");
    const hook = await createHook(owner.key, { keywordPointer: "/k" });
    const list = (await (await call("/v1/hooks", { headers: bearer(other.key) })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
    expect((await call(`/v1/hooks/${hook.id}`, { headers: bearer(other.key) })).status).toBe(404);
    expect((await call(`/v1/hooks/${hook.id}`, { method: "DELETE", headers: bearer(other.key) })).status).toBe(404);
    expect((await call(`/v1/hooks/${hook.id}`, { headers: bearer(owner.key) })).status).toBe(200);
    expect((await call(`/v1/hooks/${hook.id}`, { method: "DELETE", headers: bearer(owner.key) })).status).toBe(204);
    expect((await standardCall(hook, { k: "anything" })).status).toBe(404);
  });
});

describe("inbound hooks: signed calls", () => {
  it("starts a job from a validly signed call, keyword from the pointer and the rest from the defaults", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/issue/title", defaults: { maxAttempts: 2 } });
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const body = JSON.stringify({ issue: { title: "Edge caching for blogs" } });
    const id = "msg_trace";
    const at = nowSeconds();
    const response = await call(hook.url, {
      method: "POST",
      headers: {
        "webhook-id": id,
        "webhook-timestamp": String(at),
        "webhook-signature": new Webhook(hook.secret).sign(id, new Date(at * 1000), body),
        traceparent: `00-${traceId}-b7ad6b7169203331-01`,
      },
      body,
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { id: string; status: string; links: { self: string } };
    expect(job).toMatchObject({ status: "queued", links: { self: `/v1/articles/${job.id}` } });

    const state = await jobServices(env).store.load(job.id);
    expect(state).toMatchObject({ tenantId: tenant.id, origin: "hook", traceId });
    expect(state.request).toMatchObject({ keyword: "Edge caching for blogs", maxAttempts: 2 });
  });

  it("rejects a tampered body with 401", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const response = await standardCall(hook, { k: "edge caching" }, { body: JSON.stringify({ k: "evil" }) });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      'Signature realm="hook", headers="webhook-id webhook-timestamp webhook-signature"',
    );
    expect((await problemOf(response)).detail).toMatch(/signature/);
  });

  it("answers 422, not 401, to a correctly signed body that is not JSON", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const body = "k=edge+caching";
    const id = "msg_form";
    const at = nowSeconds();
    const response = await call(hook.url, {
      method: "POST",
      headers: {
        "webhook-id": id,
        "webhook-timestamp": String(at),
        "webhook-signature": new Webhook(hook.secret).sign(id, new Date(at * 1000), body),
      },
      body,
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toMatch(/not JSON/);
  });

  it("rejects a webhook whose timestamp is older than five minutes, saying so", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const response = await standardCall(hook, { k: "edge caching" }, { at: nowSeconds() - 6 * 60 });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toMatch(/webhook-timestamp must be within 300 seconds/);
  });

  it("rejects a replayed message id with 409", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    expect((await standardCall(hook, { k: "edge caching" }, { id: "msg_once" })).status).toBe(202);
    const replay = await standardCall(hook, { k: "edge caching" }, { id: "msg_once" });
    expect(replay.status).toBe(409);
    expect((await problemOf(replay)).detail).toContain("msg_once");
  });

  it("answers 422 naming the pointer when the payload has no keyword there, and accepts a fixed retry", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/issue/title" });
    const response = await standardCall(hook, { issue: { body: "no title" } }, { id: "msg_fix" });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.detail).toContain('"/issue/title"');
    expect(problem.errors?.[0]?.path).toBe("/issue/title");
    expect((await standardCall(hook, { issue: { title: "fixed" } }, { id: "msg_fix" })).status).toBe(202);
  });

  it("answers 404 for the hooks of a disabled tenant", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const disabled = await call(`/v1/admin/tenants/${tenant.id}`, {
      method: "PATCH",
      headers: ADMIN,
      json: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect((await standardCall(hook, { k: "edge caching" })).status).toBe(404);
  });

  it("answers 404 for an unknown hook", async () => {
    const response = await standardCall({ id: "hook_nope", url: "/hooks/hook_nope", secret: "whsec_AAAA" }, { k: 1 });
    expect(response.status).toBe(404);
  });

  it("accepts a GitHub-style X-Hub-Signature-256 HMAC and rejects a wrong one", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/repository/description", scheme: "github" });
    const body = JSON.stringify({ repository: { description: "static site generators" } });
    const send = (signature: string, delivery: string) =>
      call(hook.url, {
        method: "POST",
        headers: {
          "x-hub-signature-256": signature,
          "x-github-delivery": delivery,
          "content-type": "application/json",
        },
        body,
      });
    const good = `sha256=${await hmacSha256Hex(hook.secret, body)}`;
    expect((await send(good, "d-1")).status).toBe(202);
    expect((await send(good, "d-1")).status).toBe(409);
    expect((await send(`sha256=${"0".repeat(64)}`, "d-2")).status).toBe(401);
    expect((await send(good.replace("sha256=", "sha1="), "d-3")).status).toBe(401);
    const noDelivery = await call(hook.url, { method: "POST", headers: { "x-hub-signature-256": good }, body });
    expect(noDelivery.status).toBe(401);
    expect(noDelivery.headers.get("www-authenticate")).toMatch(/headers="x-hub-signature-256 x-github-delivery"/);
    // Two days on, past an API Idempotency-Key's day but inside the hooks' 7-day replay window, it is still a
    // replay: a GitHub-style signature carries no time, so only the window keeps a captured call out.
    await env.DB.prepare("UPDATE idempotency_keys SET created_at = ? WHERE tenant_id = ?")
      .bind(new Date(Date.now() - 2 * 86_400_000).toISOString(), tenant.id)
      .run();
    expect((await send(good, "d-1")).status).toBe(409);
  });

  it("checks a signature over the body's bytes as sent: a byte-order mark and bytes that are not UTF-8 included", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/title", scheme: "github" });
    const encoder = new TextEncoder();
    const withMark = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(JSON.stringify({ title: "rain gardens" }))]);
    const latin1 = new Uint8Array([...encoder.encode('{"title":"caf'), 0xe9, ...encoder.encode(' gardens"}')]);
    for (const [delivery, bytes] of [
      ["d-mark", withMark],
      ["d-latin1", latin1],
    ] as const) {
      const response = await call(hook.url, {
        method: "POST",
        headers: {
          "x-hub-signature-256": `sha256=${await hmacSha256Hex(hook.secret, bytes)}`,
          "x-github-delivery": delivery,
        },
        body: bytes,
      });
      expect(response.status).toBe(202);
      await response.arrayBuffer();
    }

    // A Standard Webhooks sender signs the bytes it sends too, whether or not they are UTF-8; the payload is then
    // read as UTF-8 as the github scheme reads it, a byte that is not UTF-8 taken as U+FFFD.
    const standard = await createHook(tenant.key, { keywordPointer: "/title" });
    const keywords: string[] = [];
    for (const [id, bytes] of [
      ["msg_mark", encoder.encode(`\uFEFF${JSON.stringify({ title: "green roofs" })}`)],
      ["msg_latin1", latin1],
    ] as const) {
      const at = nowSeconds();
      const response = await call(standard.url, {
        method: "POST",
        headers: {
          "webhook-id": id,
          "webhook-timestamp": String(at),
          "webhook-signature": new Webhook(standard.secret).sign(id, new Date(at * 1000), bytes),
        },
        body: bytes,
      });
      expect(response.status).toBe(202);
      const job = (await response.json()) as { id: string };
      const article = await call(`/v1/articles/${job.id}`, { headers: bearer(tenant.key) });
      keywords.push(((await article.json()) as { keyword: string }).keyword);
    }
    expect(keywords).toEqual(["green roofs", "caf\uFFFD gardens"]);
  });

  it("reads a lone surrogate in the payload's keyword as U+FFFD, so the job's keyword is the one its log records", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/title" });
    // A sender that cut a title inside a surrogate pair and escaped what was left: JSON may write that, UTF-8 cannot.
    const body = '{"title":"rain gardens \\ud83c"}';
    const at = nowSeconds();
    const response = await call(hook.url, {
      method: "POST",
      headers: {
        "webhook-id": "msg_cut",
        "webhook-timestamp": String(at),
        "webhook-signature": new Webhook(hook.secret).sign("msg_cut", new Date(at * 1000), body),
      },
      body,
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { id: string };
    const view = (await (await call(`/v1/articles/${job.id}`, { headers: bearer(tenant.key) })).json()) as {
      keyword: string;
    };
    const events = (await (await call(`/v1/articles/${job.id}/events`, { headers: bearer(tenant.key) })).json()) as {
      data: { data: { request: { keyword: string } } }[];
    };
    expect(view.keyword).toBe("rain gardens \uFFFD");
    expect(events.data[0]?.data.request.keyword).toBe(view.keyword);
  });

  it("counts only verified calls against a hook's rate: unsigned calls do not make a signed one a 429", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const unsigned = () => call(hook.url, { method: "POST", body: "{}" });
    // The bucket refills continuously; a frozen clock keeps the test's own pace out of the count.
    const guard = env.GUARD.get(env.GUARD.idFromName(`hook:${hook.id}`));
    await runInDurableObject(guard, (instance: Guard) => {
      instance.clock = { now: () => 1_000_000 };
    });
    for (let i = 0; i < 70; i++) expect(await statusOf(unsigned())).toBe(401);
    expect(await statusOf(standardCall(hook, { k: "edge caching" }))).toBe(202);

    // Signed calls do count, whatever their payload: the 61st within the minute is refused.
    for (let i = 0; i < 59; i++) expect(await statusOf(standardCall(hook, { other: i }))).toBe(422);
    const limited = await standardCall(hook, { k: "one too many" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await statusOf(unsigned())).toBe(401);
    // 130 calls: a loaded machine needs more than the default five seconds.
  }, 30_000);

  it("answers 503 with Retry-After, not 500, when the hook's rate limiter cannot be reached", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const guard = env.GUARD.get(env.GUARD.idFromName(`hook:${hook.id}`));
    await runInDurableObject(guard, (instance: Guard) => {
      instance.clock = {
        now: () => {
          throw new Error("storage offline");
        },
      };
    });
    const refused = await standardCall(hook, { k: "edge caching" }, { id: "msg_unlimited" });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await problemOf(refused)).detail).not.toContain("storage offline");
    await runInDurableObject(guard, (instance: Guard) => {
      instance.clock = { now: () => 1_000_000 };
    });
    expect(await statusOf(standardCall(hook, { k: "edge caching" }, { id: "msg_unlimited" }))).toBe(202);
  });

  it("answers replays of an accepted call with 409 without counting them against the hook's rate", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const guard = env.GUARD.get(env.GUARD.idFromName(`hook:${hook.id}`));
    await runInDurableObject(guard, (instance: Guard) => {
      instance.clock = { now: () => 1_000_000 };
    });
    expect(await statusOf(standardCall(hook, { k: "edge caching" }, { id: "msg_captured" }))).toBe(202);
    for (let i = 0; i < 70; i++) {
      expect(await statusOf(standardCall(hook, { k: "edge caching" }, { id: "msg_captured" }))).toBe(409);
    }
    expect(await statusOf(standardCall(hook, { k: "edge caching at the origin" }))).toBe(202);
    // 72 calls: a loaded machine needs more than the default five seconds.
  }, 30_000);

  it("accepts a sender's retry after a call died while its job was being submitted", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    const keyword = "crash window";
    // The call stalls inside job submission, before anything of its job is recorded, as if its isolate died there.
    // The runtime ties a promise to the request that made it: settling one request's promise from another moves the
    // waiting code into that request, which then ends under it and leaves the test runner waiting for good. So the
    // stalled call and the test share plain flags, and each polls them with timers of its own.
    let stalled = false;
    let woken = false;
    // Only this tenant's keyword guard stalls, once: nothing else running in the isolate can take the stall instead.
    const original = DurableGuards.prototype.keyword;
    // Files share the isolate: a failure here must not leave the next file with a patched prototype.
    onTestFinished(() => {
      DurableGuards.prototype.keyword = original;
    });
    DurableGuards.prototype.keyword = function (this: DurableGuards, ...args: Parameters<DurableGuards["keyword"]>) {
      const guard = original.apply(this, args);
      if (args[0] !== tenant.id) return guard;
      DurableGuards.prototype.keyword = original;
      return {
        ...guard,
        claimFlight: () => {
          stalled = true;
          return new Promise<never>((_, reject) => {
            const poll = () => (woken ? reject(new Error("the isolate went away")) : setTimeout(poll, 5));
            poll();
          });
        },
      };
    };
    const at = nowSeconds();
    const first = standardCall(hook, { k: keyword }, { id: "msg_crash", at });
    await vi.waitFor(() => expect(stalled).toBe(true), { timeout: 10_000 });

    const retry = await standardCall(hook, { k: keyword }, { id: "msg_crash", at });
    expect(retry.status).toBe(202);
    const job = (await retry.json()) as { id: string };
    // Woken again, the stalled call finds the job its retry started and answers with it: no second job.
    woken = true;
    expect(await statusOf(first)).toBe(202);

    expect(await statusOf(standardCall(hook, { k: keyword }, { id: "msg_crash", at }))).toBe(409);
    const jobs = await env.DB.prepare("SELECT id FROM jobs WHERE tenant_id = ?").bind(tenant.id).all<{ id: string }>();
    expect(jobs.results.map((row) => row.id)).toEqual([job.id]);
  });

  it("refuses a GitHub-style call that repeats an accepted body under a fresh delivery id", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k", scheme: "github" });
    const send = async (body: string, delivery: string) =>
      call(hook.url, {
        method: "POST",
        headers: {
          "x-hub-signature-256": `sha256=${await hmacSha256Hex(hook.secret, body)}`,
          "x-github-delivery": delivery,
        },
        body,
      });
    const body = JSON.stringify({ k: "static site generators" });
    expect((await send(body, "d-1")).status).toBe(202);
    const replay = await send(body, "d-2");
    expect(replay.status).toBe(409);
    expect((await problemOf(replay)).detail).toMatch(/already received/);
    expect((await send(JSON.stringify({ k: "static site generators", n: 2 }), "d-3")).status).toBe(202);
  });

  it("forgets a deleted hook's remembered calls with it", async () => {
    const tenant = await createTenant("Inbound");
    const hook = await createHook(tenant.key, { keywordPointer: "/k" });
    expect((await standardCall(hook, { k: "edge caching" }, { id: "msg_gone" })).status).toBe(202);
    const keys = () =>
      env.DB.prepare("SELECT key FROM idempotency_keys WHERE tenant_id = ?").bind(tenant.id).all<{ key: string }>();
    expect((await keys()).results.map((row) => row.key)).toEqual([`hook:${hook.id}:id:msg_gone`]);
    expect((await call(`/v1/hooks/${hook.id}`, { method: "DELETE", headers: bearer(tenant.key) })).status).toBe(204);
    expect((await keys()).results).toEqual([]);
  });
});
