import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { JobPorts } from "../../src/core/app/ports";
import type { NewEvent, StoredEvent } from "../../src/core/jobs/events";
import type { FlightGuard } from "../../src/core/ports/guard";
import type { Log } from "../../src/core/ports/log";
import type { AttemptRecord, Delivery, SendOutcome, SettleEvent } from "../../src/core/ports/webhooks";
import { type DeliverPorts, deliverJobWebhooks } from "../../src/core/webhooks/deliver";
import { type InboundHook, receiveHookCall } from "../../src/core/webhooks/intake";
import { newSigningSecret } from "../../src/core/webhooks/secret";

const silent: Log = { debug() {}, info() {}, warn() {}, error() {}, with: () => silent };
const NOW = Date.parse("2026-12-01T10:00:00.000Z");

function history(events: NewEvent[]): StoredEvent[] {
  return events.map((event, index) => ({
    ...event,
    id: `evt_${index}`,
    streamId: "job_1",
    version: index + 1,
    schemaVersion: 1,
    meta: { tenantId: "ten_1", traceId: "trace" },
    time: new Date(NOW + index * 1000).toISOString(),
  })) as StoredEvent[];
}

const completedRun1 = history([
  {
    type: "ArticleRequested",
    data: {
      request: { keyword: "edge caching", options: {}, seoThreshold: 75, maxAttempts: 3 },
      origin: "api",
    },
  } as NewEvent,
  {
    type: "ArticleCompleted",
    data: { run: 1, bestAttempt: 1, passed: true, reason: "passed", scores: { seo: 80, quality: 70, overall: 75 } },
  },
  { type: "RegenerationRequested", data: { from: "research", run: 2 } },
]);

/** An in-memory delivery log and a sender answering `outcome`, recording what the stage did. */
function deliverWorld(outcome: SendOutcome) {
  const rows = new Map<string, Delivery & { status: string }>();
  const sent: string[] = [];
  const settled: { record: AttemptRecord; event: SettleEvent }[] = [];
  const retried: AttemptRecord[] = [];
  const ports: DeliverPorts = {
    history: { read: async () => completedRun1 },
    deliveries: () => ({
      plan: async (planned) => {
        for (const p of planned) {
          const id = `whd_${p.outcomeKey}_${p.url}`;
          if (!rows.has(id)) rows.set(id, { ...p, id, attempts: 0, nextAttemptAt: null, status: "pending" });
        }
      },
      pendingForJob: async () => [...rows.values()].filter((row) => row.status === "pending"),
      claim: async (id) => rows.get(id),
      recordAttempt: async (id, record) => {
        retried.push(record);
        const row = rows.get(id);
        if (row) Object.assign(row, { attempts: record.attempts, nextAttemptAt: record.nextAttemptAt ?? null });
      },
      settle: async (delivery, record, event) => {
        settled.push({ record, event });
        const row = rows.get(delivery.id);
        if (row) row.status = record.status;
      },
    }),
    endpoints: () => ({
      subscribers: async () => [{ endpointId: "whe_1", url: "https://receiver.example.com/in" }],
      disable: async () => {},
      endpointSecrets: async () => ({ secret: newSigningSecret() }),
      defaultSecret: async () => newSigningSecret(),
    }),
    sender: {
      timeoutMs: 1000,
      send: async (message) => {
        sent.push(message.payload);
        return outcome;
      },
    },
    clock: { now: () => NOW },
    maxAttempts: 8,
    backoff: () => 30,
    log: silent,
  };
  return { ports, sent, settled, retried };
}

describe("the deliver stage", () => {
  it("announces the run its message names, though a regeneration already started the next one", async () => {
    const world = deliverWorld({ ok: true, statusCode: 200 });
    expect(await deliverJobWebhooks("job_1", 1, world.ports)).toMatchObject({ pending: 0 });
    expect(world.sent.map((payload) => JSON.parse(payload))).toMatchObject([
      { type: "article.completed", data: { id: "job_1", scores: { seo: 80 } } },
    ]);
    expect(world.settled.map((s) => s.event.type)).toEqual(["WebhookDelivered"]);

    const unfinished = deliverWorld({ ok: true, statusCode: 200 });
    await deliverJobWebhooks("job_1", 2, unfinished.ports);
    expect(unfinished.sent).toEqual([]);
  });

  it("fails a permanent error at once, with attempts left and no retry", async () => {
    const world = deliverWorld({ ok: false, error: "URL refused: scheme gopher: is not allowed", retryable: false });
    expect(await deliverJobWebhooks("job_1", 1, world.ports)).toMatchObject({ pending: 0 });
    expect(world.retried).toEqual([]);
    expect(world.settled).toMatchObject([
      { record: { status: "failed", attempts: 1 }, event: { type: "WebhookFailed" } },
    ]);
  });

  it("keeps a transient error pending for the next try", async () => {
    const world = deliverWorld({ ok: false, statusCode: 503, error: "receiver answered HTTP 503", retryable: true });
    expect(await deliverJobWebhooks("job_1", 1, world.ports)).toEqual({ pending: 1, retryInSeconds: 30 });
    expect(world.retried).toMatchObject([{ status: "pending", attempts: 1, statusCode: 503 }]);
    expect(world.settled).toEqual([]);
  });
});

describe("a busy receiver's Retry-After", () => {
  const busy = (retryAfterSeconds: number): SendOutcome => ({
    ok: false,
    statusCode: 429,
    error: "receiver answered HTTP 429",
    retryable: true,
    retryAfterSeconds,
  });

  it("puts the next try no earlier than the receiver asked, and tells the message to come back then", async () => {
    const world = deliverWorld(busy(600));
    expect(await deliverJobWebhooks("job_1", 1, world.ports)).toEqual({ pending: 1, retryInSeconds: 600 });
    expect(world.retried).toMatchObject([{ status: "pending", nextAttemptAt: new Date(NOW + 600_000).toISOString() }]);
  });

  it("waits at most an hour for it, and never less than the backoff", async () => {
    const long = deliverWorld(busy(86_400));
    expect(await deliverJobWebhooks("job_1", 1, long.ports)).toEqual({ pending: 1, retryInSeconds: 3600 });
    expect(long.retried[0]?.nextAttemptAt).toBe(new Date(NOW + 3_600_000).toISOString());
    const short = deliverWorld(busy(5));
    expect(await deliverJobWebhooks("job_1", 1, short.ports)).toEqual({ pending: 1, retryInSeconds: 30 });
  });
});

/** Job ports in memory: an idempotency key exists only once a commit carrying it succeeded. */
function jobWorld(failCommits = 0) {
  const keys = new Map<string, { requestHash: string; response: string }>();
  let failures = failCommits;
  let commits = 0;
  const jobs: JobPorts = {
    store: {
      load: async () => {
        throw new Error("not used");
      },
      commit: async (before, plan) => {
        if (failures-- > 0) throw new Error("the isolate went away");
        commits++;
        if (plan.idempotency) {
          const { key, requestHash, response } = plan.idempotency;
          keys.set(key, { requestHash, response: JSON.stringify(response) });
        }
        return { state: before, appended: [] };
      },
    },
    reads: { statusOf: async () => undefined },
    keys: {
      find: async (_tenant, key) => keys.get(key),
      remember: async () => undefined,
    },
    batches: { create: async () => undefined },
    guards: {
      keyword: () => ({
        ...alwaysClaimed,
        admitJob: async () => ({ allowed: true, probe: false }),
        reportJob: async () => undefined,
        releaseProbe: async () => undefined,
        limitRegeneration: async () => ({
          allowed: true,
          limit: 1,
          remaining: 0,
          resetSeconds: 0,
          retryAfterSeconds: 0,
        }),
        returnRegeneration: async () => undefined,
      }),
      operation: () => alwaysClaimed,
      tenant: () => ({
        rateLimit: async () => ({ allowed: true, limit: 1, remaining: 0, resetSeconds: 0, retryAfterSeconds: 0 }),
      }),
    },
    clock: { now: () => NOW },
    log: silent,
  };
  return { jobs, keys, commits: () => commits };
}

const alwaysClaimed: FlightGuard = {
  claimFlight: async (_key, candidate) => ({ holder: candidate, creating: false }),
  confirmFlight: async () => undefined,
  releaseFlight: async () => undefined,
};

function signedCall(secret: string, payload: unknown, id = "msg_1") {
  const body = JSON.stringify(payload);
  const at = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "webhook-id": id,
    "webhook-timestamp": String(at),
    "webhook-signature": new Webhook(secret).sign(id, new Date(at * 1000), body),
  };
  return { body, header: (name: string) => headers[name], nowSeconds: at, traceId: "trace" };
}

describe("the inbound hook intake", () => {
  const hook: InboundHook = {
    id: "hook_1",
    tenantId: "ten_1",
    scheme: "standard",
    secret: newSigningSecret(),
    keywordPointer: "/k",
    defaults: {},
  };

  it("checks the signature before it takes anything from the hook's rate", async () => {
    let taken = 0;
    const ports = {
      jobs: jobWorld().jobs,
      rateLimit: async () => {
        taken++;
        return { allowed: false, limit: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 1 };
      },
    };
    const forged = { ...signedCall(newSigningSecret(), { k: "edge" }) };
    expect(await receiveHookCall(hook, forged, ports)).toMatchObject({ ok: false, status: 401 });
    expect(taken).toBe(0);
    expect(await receiveHookCall(hook, signedCall(hook.secret, { k: "edge" }), ports)).toMatchObject({
      ok: false,
      status: 429,
      retryAfterSeconds: 1,
    });
    expect(taken).toBe(1);
  });

  it("remembers a call only with its job: a commit that fails leaves the retry free to start it", async () => {
    const world = jobWorld(1);
    const ports = {
      jobs: world.jobs,
      rateLimit: async () => ({ allowed: true, limit: 60, remaining: 59, resetSeconds: 1, retryAfterSeconds: 0 }),
    };
    const call = signedCall(hook.secret, { k: "edge caching" });
    await expect(receiveHookCall(hook, call, ports)).rejects.toThrow(/went away/);
    expect(world.keys.size).toBe(0);

    expect(await receiveHookCall(hook, call, ports)).toMatchObject({ ok: true });
    expect([...world.keys.keys()]).toEqual(["hook:hook_1:id:msg_1"]);
    expect(await receiveHookCall(hook, call, ports)).toMatchObject({ ok: false, status: 409 });
    expect(world.commits()).toBe(1);
  });
});
