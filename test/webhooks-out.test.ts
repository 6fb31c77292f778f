import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../src/adapters/storage/db";
import { TenantWebhooks } from "../src/adapters/storage/webhooks";
import { TenantDeliveries } from "../src/adapters/storage/webhooks-deliveries";
import { SecretBox } from "../src/adapters/webhooks/secret-box";
import { jobServices } from "../src/composition/jobs";
import { updateJob } from "../src/core/ports/job-store";
import { bearer, call, createTenant } from "./helpers";
import { driveDeliver, finishedJob, jobEventTypes, stubReceiver, TRACE_ID, waitPassed } from "./webhooks-helpers";

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function register(key: string, body: Record<string, unknown>) {
  const response = await call("/v1/webhooks", { method: "POST", headers: bearer(key), json: body });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

async function deliveriesOf(key: string, jobId: string) {
  const response = await call(`/v1/webhooks/deliveries?jobId=${jobId}`, { headers: bearer(key) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Record<string, unknown>[] }).data;
}

describe("webhook endpoints", () => {
  it("registers an endpoint with a whsec_ secret shown once", async () => {
    const tenant = await createTenant("Hooks");
    const { response, body } = await register(tenant.key, { url: "https://receiver.example.com/in" });
    expect(response.status).toBe(201);
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(body.events).toEqual(["article.completed", "article.failed"]);

    const list = (await (await call("/v1/webhooks", { headers: bearer(tenant.key) })).json()) as {
      data: Record<string, unknown>[];
    };
    expect(list.data.map((e) => e.id)).toEqual([body.id]);
    expect(list.data[0]).not.toHaveProperty("secret");
    const one = await call(`/v1/webhooks/${body.id}`, { headers: bearer(tenant.key) });
    expect(((await one.json()) as Record<string, unknown>).url).toBe("https://receiver.example.com/in");
  });

  it("rejects an endpoint URL the SSRF guard blocks, saying why", async () => {
    const tenant = await createTenant("Hooks");
    for (const url of [
      "http://10.0.0.7/hook",
      "http://localhost/hook",
      "http://169.254.169.254/latest",
      "gopher://receiver.example.com:80/",
      "ftp://receiver.example.com:80/in",
      "ws://receiver.example.com:443/in",
    ]) {
      const { response, body } = await register(tenant.key, { url });
      expect(response.status, url).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(body.detail).toMatch(/refused: .+/);
      expect((body.errors as { path: string; code: string }[])[0]).toMatchObject({ path: "url", code: "ssrf_blocked" });
    }
    const bad = await register(tenant.key, { url: "https://ok.example.com", events: ["article.deleted"] });
    expect(bad.response.status).toBe(400);
  });

  it("deletes an endpoint, after which it is gone", async () => {
    const tenant = await createTenant("Hooks");
    const { body } = await register(tenant.key, { url: "https://receiver.example.com/in" });
    expect((await call(`/v1/webhooks/${body.id}`, { method: "DELETE", headers: bearer(tenant.key) })).status).toBe(204);
    expect((await call(`/v1/webhooks/${body.id}`, { method: "DELETE", headers: bearer(tenant.key) })).status).toBe(404);
  });
});

describe("outbound delivery", () => {
  it("sends a Standard Webhooks signed article.completed that the standardwebhooks package verifies", async () => {
    const tenant = await createTenant("Hooks");
    const { body: endpoint } = await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([200]);
    restore = receiver.restore;

    const { messageId, result } = await driveDeliver(jobId, 1);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(receiver.requests).toHaveLength(1);
    const [sent] = receiver.requests;
    expect(sent?.url).toBe("https://receiver.example.com/in");
    const payload = new Webhook(endpoint.secret as string).verify(sent?.body ?? "", sent?.headers ?? {}) as {
      type: string;
      timestamp: string;
      data: Record<string, unknown>;
    };
    expect(payload.type).toBe("article.completed");
    expect(Date.parse(payload.timestamp)).not.toBeNaN();
    expect(payload.data).toMatchObject({
      id: jobId,
      status: "completed",
      keyword: "edge caching",
      scores: { seo: 82, quality: 78, overall: 80 },
      links: { self: `/v1/articles/${jobId}` },
    });
    expect(sent?.headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    const [delivery] = await deliveriesOf(tenant.key, jobId);
    expect(sent?.headers["webhook-id"]).toBe(delivery?.id);
    expect(() => new Webhook(endpoint.secret as string).verify(`${sent?.body} `, sent?.headers ?? {})).toThrow();
  });

  it("retries with a growing delay until the receiver answers 2xx, then records WebhookDelivered once", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([500, 500, 200]);
    restore = receiver.restore;

    const first = await driveDeliver(jobId, 1);
    await waitPassed(jobId);
    const second = await driveDeliver(jobId, 2);
    // Waiting for a delivery's next try is not a failed message: a fresh one comes back, the queue's retries kept.
    expect(first.result.retryMessages).toEqual([]);
    expect(first.result.explicitAcks).toEqual([first.messageId]);
    expect(first.sentBack.map((sent) => sent.body)).toEqual([
      { jobId, stage: "deliver", attempt: 1, traceId: TRACE_ID },
    ]);
    expect(second.sentBack).toHaveLength(1);
    const delays = [...first.delays, ...second.delays].map((delay) => delay ?? 0);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays[1]).toBeGreaterThan(delays[0] as number);
    let [delivery] = await deliveriesOf(tenant.key, jobId);
    expect(delivery).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 500 });

    await waitPassed(jobId);
    const third = await driveDeliver(jobId, 3);
    expect(third.result.explicitAcks).toEqual([third.messageId]);
    expect(third.result.retryMessages).toEqual([]);
    expect(third.sentBack).toEqual([]);
    expect(third.delays).toEqual([]);
    [delivery] = await deliveriesOf(tenant.key, jobId);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200, lastError: null });
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"])).size).toBe(1);

    // A redelivered message finds nothing pending: no second send, no second event.
    await driveDeliver(jobId, 4);
    expect(receiver.requests).toHaveLength(3);
    expect((await jobEventTypes(jobId)).filter((type) => type === "WebhookDelivered")).toHaveLength(1);
  });

  it("spends every delivery's own tries, however many waits its message makes, and never the queue's retries", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/a" });
    await register(tenant.key, { url: "https://receiver.example.com/b" });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([503]);
    restore = receiver.restore;
    // As the queue would: a retried message comes again with one more attempt and is dead-lettered after
    // max_retries (8); a message sent back is a new one. Only the earliest delivery's wait passes each time, so the
    // two endpoints, failing on their own schedules, need a message apiece for each of their tries.
    const MAX_RETRIES = 8;
    let attempts = 1;
    for (let round = 0; round < 40; round++) {
      const { result, sentBack } = await driveDeliver(jobId, attempts);
      if (result.retryMessages.length > 0) attempts++;
      else if (sentBack.length > 0) attempts = 1;
      else break;
      if (attempts > MAX_RETRIES + 1) {
        await driveDeliver(jobId, attempts, "optiblog-deliver-dlq");
        break;
      }
      await env.DB.prepare(
        `UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = (SELECT id FROM webhook_deliveries
         WHERE job_id = ? AND status = 'pending' ORDER BY next_attempt_at LIMIT 1)`,
      )
        .bind(new Date().toISOString(), jobId)
        .run();
    }
    const deliveries = await deliveriesOf(tenant.key, jobId);
    expect(deliveries).toMatchObject([
      { status: "failed", attempts: 8, lastStatusCode: 503 },
      { status: "failed", attempts: 8, lastStatusCode: 503 },
    ]);
    expect(deliveries.map((delivery) => delivery.lastError)).not.toContainEqual(expect.stringMatching(/dead-lettered/));
    expect(receiver.requests).toHaveLength(16);
  });

  it("sends nothing before a delivery's next try: an early copy of the message comes back when it is due", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([503, 200]);
    restore = receiver.restore;
    const first = await driveDeliver(jobId, 1);
    const [failed] = await deliveriesOf(tenant.key, jobId);
    const dueIn = (Date.parse(failed?.nextAttemptAt as string) - Date.now()) / 1000;

    // The queue's second copy, a sweep's re-drive or a redeliver's message, there at once: nothing is sent, no try
    // is spent, and the message comes back when the delivery is due rather than after its own next step.
    const early = await driveDeliver(jobId, 1);
    expect(receiver.requests).toHaveLength(1);
    expect(await deliveriesOf(tenant.key, jobId)).toMatchObject([{ status: "pending", attempts: 1 }]);
    expect(early.sentBack).toHaveLength(1);
    expect(early.delays[0]).toBeGreaterThan(0);
    expect(early.delays[0]).toBeLessThanOrEqual(Math.ceil(dueIn));
    expect(early.delays[0]).toBeLessThanOrEqual(first.delays[0] as number);

    await waitPassed(jobId);
    await driveDeliver(jobId, 2);
    expect(receiver.requests).toHaveLength(2);
    expect(await deliveriesOf(tenant.key, jobId)).toMatchObject([{ status: "delivered", attempts: 2 }]);
  });

  it("sends the earlier run's article.completed when a regeneration landed before the deliver message", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    await updateJob(
      jobServices(env).store,
      jobId,
      () => ({ events: [{ type: "RegenerationRequested", data: { from: "research", run: 2 } }] }),
      (state) => ({ tenantId: state.tenantId, traceId: state.traceId }),
    );
    const receiver = stubReceiver([200]);
    restore = receiver.restore;

    const { messageId, result } = await driveDeliver(jobId, 1);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]?.body ?? "{}")).toMatchObject({
      type: "article.completed",
      data: { id: jobId, status: "completed", scores: { seo: 82, quality: 78, overall: 80 } },
    });
    expect(await deliveriesOf(tenant.key, jobId)).toMatchObject([{ status: "delivered" }]);
  });

  it("sends the ended run's deliver message again with a regeneration, so a lost first message owes nothing", async () => {
    // The sweep looks for unplanned deliveries of a job's current run only: once a regeneration has begun the
    // next run, a run whose deliver message was lost would never be announced unless the regeneration says so.
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const regenerated = await call(`/v1/articles/${jobId}/regenerate`, {
      method: "POST",
      headers: bearer(tenant.key),
      json: { from: "research" },
    });
    expect(regenerated.status).toBe(202);
    const { results } = await env.DB.prepare("SELECT queue, body FROM outbox WHERE body LIKE ? ORDER BY created_at")
      .bind(`%${jobId}%`)
      .all<{ queue: string; body: string }>();
    const sent = results.map((row) => ({ queue: row.queue, ...JSON.parse(row.body) }));
    expect(sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ jobId, stage: "deliver", attempt: 1 }),
        expect.objectContaining({ jobId, stage: "research", attempt: 2 }),
      ]),
    );
    expect(sent.filter((message) => message.stage === "deliver")).toHaveLength(1);

    const receiver = stubReceiver([200]);
    restore = receiver.restore;
    await driveDeliver(jobId, 1);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]?.body ?? "{}")).toMatchObject({ type: "article.completed" });
  });

  it("delivers article.failed only to endpoints subscribed to it", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://completed.example.com/in", events: ["article.completed"] });
    await register(tenant.key, { url: "https://failed.example.com/in", events: ["article.failed"] });
    const jobId = await finishedJob(tenant.id, { failed: true });
    const receiver = stubReceiver([204]);
    restore = receiver.restore;

    await driveDeliver(jobId, 1);
    expect(receiver.requests.map((r) => r.url)).toEqual(["https://failed.example.com/in"]);
    expect(JSON.parse(receiver.requests[0]?.body ?? "{}")).toMatchObject({
      type: "article.failed",
      data: { status: "failed", error: { code: "no_sources" } },
    });
  });

  it("sends nothing to a paused endpoint, and resumes when it is enabled again", async () => {
    const tenant = await createTenant("Hooks");
    const { body: endpoint } = await register(tenant.key, { url: "https://receiver.example.com/in" });
    const pause = (disabled: boolean) =>
      call(`/v1/webhooks/${endpoint.id}`, { method: "PATCH", headers: bearer(tenant.key), json: { disabled } });
    const paused = await pause(true);
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ id: endpoint.id, disabled: true });
    const receiver = stubReceiver([200]);
    restore = receiver.restore;

    await driveDeliver(await finishedJob(tenant.id), 1);
    expect(receiver.requests).toHaveLength(0);
    await pause(false);
    await driveDeliver(await finishedJob(tenant.id), 1);
    expect(receiver.requests).toHaveLength(1);
    const empty = await call(`/v1/webhooks/${endpoint.id}`, { method: "PATCH", headers: bearer(tenant.key), json: {} });
    expect(empty.status).toBe(400);
  });

  it("fails a delivery answered 410 Gone at once and disables its endpoint; a webhookUrl's just stops", async () => {
    const tenant = await createTenant("Hooks");
    const { body: endpoint } = await register(tenant.key, { url: "https://gone.example.com/in" });
    const jobId = await finishedJob(tenant.id, { webhookUrl: "https://gone.example.com/request" });
    const receiver = stubReceiver([410]);
    restore = receiver.restore;

    const { messageId, result } = await driveDeliver(jobId, 1);
    expect(receiver.requests).toHaveLength(2);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(result.retryMessages).toEqual([]);
    const byUrl = Object.fromEntries((await deliveriesOf(tenant.key, jobId)).map((row) => [row.url as string, row]));
    expect(byUrl["https://gone.example.com/in"]).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: 410 });
    expect(byUrl["https://gone.example.com/in"]?.lastError).toBe(
      "receiver answered HTTP 410 Gone; the endpoint was disabled",
    );
    expect(byUrl["https://gone.example.com/request"]).toMatchObject({
      status: "failed",
      attempts: 1,
      lastStatusCode: 410,
    });
    expect(byUrl["https://gone.example.com/request"]?.lastError).toBe("receiver answered HTTP 410 Gone");
    expect((await jobEventTypes(jobId)).filter((type) => type === "WebhookFailed")).toHaveLength(2);
    const shown = await call(`/v1/webhooks/${endpoint.id}`, { headers: bearer(tenant.key) });
    expect(await shown.json()).toMatchObject({ id: endpoint.id, disabled: true });

    // The disabled endpoint is sent nothing more; the per-request URL is asked again only by the next job naming it.
    await driveDeliver(await finishedJob(tenant.id), 1);
    expect(receiver.requests).toHaveLength(2);
  });

  it("tries a receiver that answered 429 with Retry-After no sooner than it asked", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://busy.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const original = globalThis.fetch;
    let sends = 0;
    globalThis.fetch = (async () => {
      sends++;
      return new Response("slow down", { status: 429, headers: { "retry-after": "900" } });
    }) as typeof fetch;
    restore = () => (globalThis.fetch = original);

    const before = Date.now();
    const { delays } = await driveDeliver(jobId, 1);
    const [delivery] = await deliveriesOf(tenant.key, jobId);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 429 });
    expect(Date.parse(delivery?.nextAttemptAt as string)).toBeGreaterThanOrEqual(before + 900_000);
    expect(delays).toEqual([900]);
    // The message again after the backoff's first step (at most 45 s), long before the receiver's time: no send.
    await driveDeliver(jobId, 2);
    expect(sends).toBe(1);
  });

  it("signs with both the new and the old secret after a rotation, so a receiver verifies with either", async () => {
    const tenant = await createTenant("Hooks");
    const { body: endpoint } = await register(tenant.key, { url: "https://receiver.example.com/in" });
    const rotate = (id: string) =>
      call(`/v1/webhooks/${id}/rotate-secret`, { method: "POST", headers: bearer(tenant.key) });
    const response = await rotate(endpoint.id as string);
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as { id: string; secret: string; previousSecretExpiresAt: string };
    expect(rotated).toMatchObject({ id: endpoint.id, secret: expect.stringMatching(/^whsec_/) });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await rotate("whe_nope")).status).toBe(404);

    const receiver = stubReceiver([200]);
    restore = receiver.restore;
    await driveDeliver(await finishedJob(tenant.id), 1);
    const [sent] = receiver.requests;
    expect(sent?.headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
    for (const secret of [rotated.secret, endpoint.secret as string]) {
      expect(() => new Webhook(secret).verify(sent?.body ?? "", sent?.headers ?? {})).not.toThrow();
    }

    // Once the day is over, only the new secret signs.
    await env.DB.prepare("UPDATE webhook_endpoints SET previous_secret_expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), endpoint.id)
      .run();
    await driveDeliver(await finishedJob(tenant.id), 1);
    const after = receiver.requests[1];
    expect(after?.headers["webhook-signature"]).toMatch(/^v1,\S+$/);
    expect(() => new Webhook(rotated.secret).verify(after?.body ?? "", after?.headers ?? {})).not.toThrow();
    expect(() => new Webhook(endpoint.secret as string).verify(after?.body ?? "", after?.headers ?? {})).toThrow();
  });

  it("signs a per-request webhookUrl with the tenant's default secret", async () => {
    const tenant = await createTenant("Hooks");
    const rotated = await call("/v1/webhooks/default-secret", { method: "POST", headers: bearer(tenant.key) });
    expect(rotated.status).toBe(201);
    const { secret } = (await rotated.json()) as { secret: string };
    const jobId = await finishedJob(tenant.id, { webhookUrl: "https://caller.example.com/done" });
    const receiver = stubReceiver([200]);
    restore = receiver.restore;

    await driveDeliver(jobId, 1);
    const [sent] = receiver.requests;
    expect(sent?.url).toBe("https://caller.example.com/done");
    expect(new Webhook(secret).verify(sent?.body ?? "", sent?.headers ?? {})).toMatchObject({ data: { id: jobId } });
    expect(await deliveriesOf(tenant.key, jobId)).toMatchObject([{ endpointId: null, status: "delivered" }]);
  });

  it("gives up at once on a URL the SSRF guard blocks at send time, recording WebhookFailed", async () => {
    const tenant = await createTenant("Hooks");
    const jobId = await finishedJob(tenant.id, { webhookUrl: "http://10.1.2.3/hook" });
    const receiver = stubReceiver([200]);
    restore = receiver.restore;

    const { messageId, result } = await driveDeliver(jobId, 1);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(receiver.requests).toHaveLength(0);
    const [delivery] = await deliveriesOf(tenant.key, jobId);
    expect(delivery).toMatchObject({ status: "failed", attempts: 1 });
    expect(delivery?.lastError).toMatch(/URL refused: .*private/);
    expect(await jobEventTypes(jobId)).toContain("WebhookFailed");
  });

  it("fails a delivery to a non-web scheme at once, without a send or a retry, whatever port it names", async () => {
    const tenant = await createTenant("Hooks");
    // Stored as a guard that let schemes through when a port was written out would have stored it.
    await new TenantWebhooks(createDb(env.DB), tenant.id, new SecretBox(undefined)).create({
      url: "gopher://receiver.example.com:80/_hook",
      events: ["article.completed"],
    });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([200]);
    restore = receiver.restore;

    const { messageId, result, delays } = await driveDeliver(jobId, 1);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(delays).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
    const [delivery] = await deliveriesOf(tenant.key, jobId);
    expect(delivery).toMatchObject({ status: "failed", attempts: 1 });
    expect(delivery?.lastError).toMatch(/URL refused: scheme gopher: is not allowed/);
  });

  it("sends only its own run's deliveries: a regeneration's message leaves the earlier run's to that run", async () => {
    const tenant = await createTenant("Hooks");
    const jobId = await finishedJob(tenant.id);
    await new TenantDeliveries(createDb(env.DB), tenant.id).plan([
      {
        jobId,
        endpointId: null,
        url: "https://receiver.example.com/run-1",
        eventType: "article.completed",
        payload: "{}",
        outcomeKey: "1:article.completed",
      },
    ]);
    const receiver = stubReceiver([503]);
    restore = receiver.restore;
    // Run 2 has not ended: its message has nothing to send and nothing to wait for.
    const { messageId, result } = await driveDeliver(jobId, 1, "optiblog-deliver", 2);
    expect(receiver.requests).toEqual([]);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(await deliveriesOf(tenant.key, jobId)).toMatchObject([{ status: "pending", attempts: 0 }]);
  });

  it("fails what is still pending when the deliver message is dead-lettered", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([503]);
    restore = receiver.restore;
    await driveDeliver(jobId, 1);
    expect(await deliveriesOf(tenant.key, jobId)).toMatchObject([{ status: "pending", lastStatusCode: 503 }]);

    const { messageId, result } = await driveDeliver(jobId, 1, "optiblog-deliver-dlq");
    expect(result.explicitAcks).toEqual([messageId]);
    const [delivery] = await deliveriesOf(tenant.key, jobId);
    expect(delivery).toMatchObject({ status: "failed", attempts: 1 });
    expect(delivery?.lastError).toMatch(/dead-lettered/);
    expect((await jobEventTypes(jobId)).filter((type) => type === "WebhookFailed")).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it("fails only the dead-lettered run's pending deliveries, not a regeneration's", async () => {
    const tenant = await createTenant("Hooks");
    const jobId = await finishedJob(tenant.id);
    const rows = new TenantDeliveries(createDb(env.DB), tenant.id);
    const planned = (run: number) => ({
      jobId,
      endpointId: null,
      url: `https://receiver.example.com/run-${run}`,
      eventType: "article.completed" as const,
      payload: JSON.stringify({ run }),
      outcomeKey: `${run}:article.completed`,
    });
    await rows.plan([planned(1), planned(2)]);
    expect((await rows.pendingForJob(jobId, 2)).map((row) => row.url)).toEqual(["https://receiver.example.com/run-2"]);

    await driveDeliver(jobId, 9, "optiblog-deliver-dlq");
    const byUrl = Object.fromEntries(
      (await deliveriesOf(tenant.key, jobId)).map((row) => [row.url as string, row.status as string]),
    );
    expect(byUrl).toEqual({
      "https://receiver.example.com/run-1": "failed",
      "https://receiver.example.com/run-2": "pending",
    });
  });

  it("redelivers a delivered delivery with the same webhook-id when asked", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([200]);
    restore = receiver.restore;
    await driveDeliver(jobId, 1);
    const [delivery] = await deliveriesOf(tenant.key, jobId);

    const response = await call(`/v1/webhooks/deliveries/${delivery?.id}/redeliver`, {
      method: "POST",
      headers: bearer(tenant.key),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ id: delivery?.id, status: "pending", attempts: 0 });
    await driveDeliver(jobId, 1);

    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([delivery?.id, delivery?.id]);
    expect(await deliveriesOf(tenant.key, jobId)).toMatchObject([{ status: "delivered", attempts: 1 }]);
    expect((await jobEventTypes(jobId)).filter((type) => type === "WebhookDelivered")).toHaveLength(2);
  });
});

describe("redelivery", () => {
  it("commits the reopened delivery with its deliver message's outbox row, then sends it", async () => {
    const tenant = await createTenant("Hooks");
    await register(tenant.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(tenant.id);
    const receiver = stubReceiver([200]);
    restore = receiver.restore;
    await driveDeliver(jobId, 1);
    const [delivery] = await deliveriesOf(tenant.key, jobId);

    const response = await call(`/v1/webhooks/deliveries/${delivery?.id}/redeliver`, {
      method: "POST",
      headers: { ...bearer(tenant.key), traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01` },
    });
    expect(response.status).toBe(202);
    const rows = await env.DB.prepare("SELECT queue, body, sent_at FROM outbox WHERE body LIKE ?")
      .bind(`%${jobId}%`)
      .all<{ queue: string; body: string; sent_at: number | null }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]?.queue).toBe("deliver");
    expect(rows.results[0]?.sent_at).not.toBeNull();
    expect(JSON.parse(rows.results[0]?.body ?? "{}")).toEqual({
      jobId,
      stage: "deliver",
      attempt: 1,
      traceId: TRACE_ID,
    });
  });
});

describe("tenant isolation", () => {
  it("keeps one tenant's endpoints and deliveries out of another's reach", async () => {
    const owner = await createTenant("Owner");
    const other = await createTenant("Other");
    const { body: endpoint } = await register(owner.key, { url: "https://receiver.example.com/in" });
    const jobId = await finishedJob(owner.id);
    const receiver = stubReceiver([200]);
    restore = receiver.restore;
    await driveDeliver(jobId, 1);
    const [delivery] = await deliveriesOf(owner.key, jobId);

    const list = (await (await call("/v1/webhooks", { headers: bearer(other.key) })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
    expect((await call(`/v1/webhooks/${endpoint.id}`, { headers: bearer(other.key) })).status).toBe(404);
    const patch = await call(`/v1/webhooks/${endpoint.id}`, {
      method: "PATCH",
      headers: bearer(other.key),
      json: { disabled: true },
    });
    expect(patch.status).toBe(404);
    expect((await call(`/v1/webhooks/${endpoint.id}`, { method: "DELETE", headers: bearer(other.key) })).status).toBe(
      404,
    );
    expect(await deliveriesOf(other.key, jobId)).toEqual([]);
    const redeliver = await call(`/v1/webhooks/deliveries/${delivery?.id}/redeliver`, {
      method: "POST",
      headers: bearer(other.key),
    });
    expect(redeliver.status).toBe(404);
    expect((await call(`/v1/webhooks/${endpoint.id}`, { headers: bearer(owner.key) })).status).toBe(200);
  });
});

describe("OpenAPI", () => {
  it("documents every webhook and hook route", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const expected: [string, string][] = [
      ["/v1/webhooks", "post"],
      ["/v1/webhooks", "get"],
      ["/v1/webhooks/{id}", "get"],
      ["/v1/webhooks/{id}", "patch"],
      ["/v1/webhooks/{id}", "delete"],
      ["/v1/webhooks/default-secret", "post"],
      ["/v1/webhooks/{id}/rotate-secret", "post"],
      ["/v1/webhooks/deliveries", "get"],
      ["/v1/webhooks/deliveries/{id}/redeliver", "post"],
      ["/v1/hooks", "post"],
      ["/v1/hooks", "get"],
      ["/v1/hooks/{id}", "get"],
      ["/v1/hooks/{id}", "delete"],
      ["/hooks/{hookId}", "post"],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });
});
