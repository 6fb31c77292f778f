import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { SecretBox } from "../../src/adapters/webhooks/secret-box";
import { sendWebhook } from "../../src/adapters/webhooks/sender";
import type { NewEvent, StoredEvent } from "../../src/core/jobs/events";
import { retryDelaySeconds } from "../../src/core/webhooks/backoff";
import { eventTypeForStatus } from "../../src/core/webhooks/events";
import { constantTimeEqual, hmacSha256Hex, verifyInbound } from "../../src/core/webhooks/inbound";
import { mapPayload } from "../../src/core/webhooks/mapping";
import { isPointer, resolvePointer } from "../../src/core/webhooks/pointer";
import { runOutcome } from "../../src/core/webhooks/run-outcome";
import { newSigningSecret } from "../../src/core/webhooks/secret";
import { toW3cTraceId, traceparent } from "../../src/core/webhooks/traceparent";

describe("JSON pointer (RFC 6901)", () => {
  // The examples of RFC 6901 section 5.
  const doc = {
    foo: ["bar", "baz"],
    "": 0,
    "a/b": 1,
    "c%d": 2,
    "e^f": 3,
    "g|h": 4,
    "i\\j": 5,
    'k"l': 6,
    " ": 7,
    "m~n": 8,
  };
  const cases: [string, unknown][] = [
    ["", doc],
    ["/foo", ["bar", "baz"]],
    ["/foo/0", "bar"],
    ["/", 0],
    ["/a~1b", 1],
    ["/c%d", 2],
    ["/e^f", 3],
    ["/g|h", 4],
    ["/i\\j", 5],
    ['/k"l', 6],
    ["/ ", 7],
    ["/m~0n", 8],
  ];
  it.each(cases)("resolves %j", (pointer, expected) => {
    expect(resolvePointer(doc, pointer)).toEqual({ found: true, value: expected });
  });

  it("reports missing members, bad indexes and paths through scalars as not found", () => {
    expect(resolvePointer(doc, "/nope").found).toBe(false);
    expect(resolvePointer(doc, "/foo/2").found).toBe(false);
    expect(resolvePointer(doc, "/foo/01").found).toBe(false);
    expect(resolvePointer(doc, "/foo/-").found).toBe(false);
    expect(resolvePointer(doc, "/foo/0/x").found).toBe(false);
    expect(resolvePointer({ a: null }, "/a/b").found).toBe(false);
    expect(resolvePointer({}, "/toString").found).toBe(false);
  });

  it("unescapes ~1 before ~0, so ~01 names a member called ~1", () => {
    expect(resolvePointer({ "~1": "tilde-one", "/": "slash" }, "/~01")).toEqual({ found: true, value: "tilde-one" });
  });

  it("rejects text that is not a pointer", () => {
    expect(isPointer("foo")).toBe(false);
    expect(isPointer("/a~2b")).toBe(false);
    expect(isPointer("/a~")).toBe(false);
    expect(isPointer("/issue/title")).toBe(true);
  });
});

describe("payload mapping", () => {
  const mapping = { keywordPointer: "/issue/title", defaults: { maxAttempts: 2 } };

  it("takes the keyword at the pointer and the rest from the defaults", () => {
    expect(mapPayload({ issue: { title: "  edge caching  " } }, mapping)).toEqual({
      ok: true,
      request: { maxAttempts: 2, keyword: "edge caching" },
    });
  });

  it("names the pointer when the payload has no usable keyword there", () => {
    const missing = mapPayload({ issue: {} }, mapping);
    expect(missing).toMatchObject({ ok: false });
    expect(!missing.ok && missing.detail).toContain('"/issue/title"');
    expect(mapPayload({ issue: { title: 42 } }, mapping).ok).toBe(false);
    expect(mapPayload({ issue: { title: "   " } }, mapping).ok).toBe(false);
  });
});

describe("delivery backoff", () => {
  it("grows with every attempt until the cap, jitter included", () => {
    const lowest = [1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, undefined, () => 0));
    const highest = [1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, undefined, () => 0.999));
    expect(lowest).toEqual([30, 60, 120, 240, 480]);
    for (let i = 1; i < 5; i++) expect(lowest[i] as number).toBeGreaterThan(highest[i - 1] as number);
    expect(retryDelaySeconds(30, undefined, () => 0)).toBe(10_800);
  });
});

describe("event types", () => {
  it("maps finished statuses to event types and running ones to none", () => {
    expect(eventTypeForStatus("completed")).toBe("article.completed");
    expect(eventTypeForStatus("failed")).toBe("article.failed");
    expect(eventTypeForStatus("writing")).toBeUndefined();
  });
});

describe("inbound signatures", () => {
  const secret = newSigningSecret();
  const body = JSON.stringify({ issue: { title: "edge caching" } });
  const nowSeconds = Math.floor(Date.now() / 1000);
  const signed = (id: string, at: number, payload = body) => ({
    "webhook-id": id,
    "webhook-timestamp": String(at),
    "webhook-signature": new Webhook(secret).sign(id, new Date(at * 1000), payload),
  });
  const headerOf = (headers: Record<string, string>) => (name: string) => headers[name];

  it("accepts a Standard Webhooks signature and returns the message id", async () => {
    const verdict = await verifyInbound("standard", secret, {
      body,
      header: headerOf(signed("msg_1", nowSeconds)),
      nowSeconds,
    });
    expect(verdict).toEqual({ ok: true, messageId: "msg_1" });
  });

  it("rejects a tampered body", async () => {
    const verdict = await verifyInbound("standard", secret, {
      body: body.replace("edge", "evil"),
      header: headerOf(signed("msg_1", nowSeconds)),
      nowSeconds,
    });
    expect(verdict).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  it("rejects a webhook whose timestamp is more than five minutes old or ahead", async () => {
    for (const at of [nowSeconds - 301, nowSeconds + 301]) {
      const verdict = await verifyInbound("standard", secret, { body, header: headerOf(signed("m", at)), nowSeconds });
      expect(verdict).toMatchObject({ ok: false, reason: "stale" });
    }
  });

  it("rejects a message without the signature headers", async () => {
    const verdict = await verifyInbound("standard", secret, { body, header: () => undefined, nowSeconds });
    expect(verdict).toMatchObject({ ok: false, reason: "missing-headers" });
  });

  it("accepts a GitHub-style sha256 HMAC of the raw body and rejects any other", async () => {
    const good = `sha256=${await hmacSha256Hex(secret, body)}`;
    const headers = { "x-hub-signature-256": good, "x-github-delivery": "d-1" };
    expect(await verifyInbound("github", secret, { body, header: headerOf(headers), nowSeconds })).toEqual({
      ok: true,
      messageId: "d-1",
    });
    const tampered = await verifyInbound("github", secret, { body: `${body} `, header: headerOf(headers), nowSeconds });
    expect(tampered).toMatchObject({ ok: false, reason: "bad-signature" });
    const noDelivery = await verifyInbound("github", secret, {
      body,
      header: headerOf({ "x-hub-signature-256": good }),
      nowSeconds,
    });
    expect(noDelivery).toMatchObject({ ok: false, reason: "missing-headers" });
  });

  it("compares strings of any length without throwing", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("ab", "abc")).toBe(false);
    expect(constantTimeEqual("abcd", "abc")).toBe(false);
  });
});

describe("signing secrets", () => {
  it("are whsec_ plus base64 of 32 random bytes, usable by the standardwebhooks package", () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(secret.slice(6))).toHaveLength(32);
    expect(secret).not.toBe(newSigningSecret());
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it("are sealed at rest when a key is configured and opened again", async () => {
    const box = new SecretBox("a passphrase of any length");
    const sealed = await box.seal("whsec_abc");
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain("abc");
    expect(await box.open(sealed)).toBe("whsec_abc");
    await expect(new SecretBox("another passphrase").open(sealed)).rejects.toThrow();
    await expect(new SecretBox(undefined).open(sealed)).rejects.toThrow(/WEBHOOK_SECRET_KEY/);
    expect(await new SecretBox(undefined).seal("whsec_abc")).toBe("whsec_abc");
  });
});

describe("traceparent", () => {
  it("carries the job's trace id in W3C form with a fresh parent id", () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(traceparent(traceId)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(toW3cTraceId("4BF92F35-77B3-4DA6-A3CE-929D0E0E4736")).toBe(traceId);
    expect(toW3cTraceId("not-a-trace")).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("a run's outcome", () => {
  const request = { keyword: "edge caching", options: {}, seoThreshold: 75, maxAttempts: 3 };
  const completed = (run: number, seo: number): NewEvent => ({
    type: "ArticleCompleted",
    data: { run, bestAttempt: 1, passed: true, reason: "passed", scores: { seo, quality: 70, overall: 75 } },
  });
  const history = (...events: NewEvent[]): StoredEvent[] =>
    events.map((event, index) => ({
      ...event,
      id: `evt_${index}`,
      streamId: "job_1",
      version: index + 1,
      schemaVersion: 1,
      meta: { tenantId: "ten_1", traceId: "trace" },
      time: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    })) as StoredEvent[];
  const requested = { type: "ArticleRequested", data: { request, origin: "api" } } as NewEvent;
  const regenerated = (run: number): NewEvent => ({ type: "RegenerationRequested", data: { from: "research", run } });

  it("is the job as its run ended, even after a regeneration started the next run", () => {
    const events = history(requested, completed(1, 81), regenerated(2));
    expect(runOutcome("job_1", events, 1)).toMatchObject({ run: 1, status: "completed", scores: { seo: 81 } });
    expect(runOutcome("job_1", events, 2)).toBeUndefined();
  });

  it("tells each run's outcome apart", () => {
    const events = history(
      requested,
      completed(1, 81),
      regenerated(2),
      { type: "ArticleFailed", data: { code: "no_sources", message: "none", stage: "research" } },
      regenerated(3),
      completed(3, 90),
    );
    expect(runOutcome("job_1", events, 1)?.scores?.seo).toBe(81);
    expect(runOutcome("job_1", events, 2)).toMatchObject({ status: "failed", error: { code: "no_sources" } });
    expect(runOutcome("job_1", events, 3)?.scores?.seo).toBe(90);
    expect(runOutcome("job_1", history(requested), 1)).toBeUndefined();
  });
});

describe("webhook sender", () => {
  const secret = newSigningSecret();
  const message = { id: "whd_1", url: "https://receiver.example.com/in", payload: '{"a":1}', secret, traceId: "t" };
  const answering = (response: () => Response) => {
    const deps = { allowHosts: new Set<string>(), timeoutMs: 1000, now: () => new Date() };
    return sendWebhook(message, { ...deps, fetch: (async () => response()) as unknown as typeof fetch });
  };

  it("counts a 2xx as delivered though its body fails while it is discarded", async () => {
    const broken = new ReadableStream({
      start(controller) {
        controller.error(new Error("connection reset"));
      },
    });
    expect(await answering(() => new Response(broken, { status: 200 }))).toEqual({ ok: true, statusCode: 200 });
  });

  it("passes on how long a busy receiver (429, 503) asks to wait, in seconds or as an HTTP-date", async () => {
    const busy = (status: number, retryAfter: string) => () =>
      new Response("", { status, headers: { "retry-after": retryAfter } });
    expect(await answering(busy(429, "600"))).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 600 });
    const inTwoMinutes = new Date(Math.ceil(Date.now() / 1000) * 1000 + 120_000).toUTCString();
    const dated = await answering(busy(503, inTwoMinutes));
    expect(dated).toMatchObject({ ok: false, retryable: true });
    expect(!dated.ok && dated.retryAfterSeconds).toBeGreaterThan(100);
    expect(!dated.ok && dated.retryAfterSeconds).toBeLessThanOrEqual(121);
    expect(await answering(busy(500, "600"))).not.toHaveProperty("retryAfterSeconds");
    expect(await answering(busy(429, "soon"))).not.toHaveProperty("retryAfterSeconds");
  });

  it("takes 410 Gone as the receiver gone for good, not to be tried again", async () => {
    expect(await answering(() => new Response("gone", { status: 410 }))).toMatchObject({
      ok: false,
      statusCode: 410,
      retryable: false,
      gone: true,
    });
  });
});
