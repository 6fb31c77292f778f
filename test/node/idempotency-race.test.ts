import { describe, expect, it } from "vitest";
import type { JobPorts } from "../../src/core/app/ports";
import { IdempotencyConflict, submitArticleJob } from "../../src/core/app/submit";
import { ArticleRequestSchema } from "../../src/core/jobs/request";
import type { FlightGuard } from "../../src/core/ports/guard";
import type { Log } from "../../src/core/ports/log";

const silent: Log = { debug() {}, info() {}, warn() {}, error() {}, with: () => silent };

/**
 * A request that joins a job in flight (J0, same body, no key) while another request with the same
 * Idempotency-Key takes the key between this one's first look and its own record (kept only where none is, as
 * the D1 adapter's ON CONFLICT DO NOTHING keeps it). `takenWith` is the hash the other request took it with.
 */
function racedPorts(takenWith: (ownHash: string) => string) {
  const keys = new Map<string, { requestHash: string; response: string }>();
  let looks = 0;
  const inFlight: FlightGuard = {
    claimFlight: async () => ({ holder: "job_J0", creating: false }),
    confirmFlight: async () => undefined,
    releaseFlight: async () => undefined,
  };
  const allowed = { allowed: true, limit: 1, remaining: 0, resetSeconds: 0, retryAfterSeconds: 0 };
  const ports: JobPorts = {
    store: {
      load: async () => {
        throw new Error("not read: the request joins J0");
      },
      commit: async () => {
        throw new Error("not written: the request joins J0");
      },
    },
    reads: { statusOf: async () => "researching" },
    keys: {
      find: async (_tenant, key) => keys.get(key),
      remember: async (_tenant, key, requestHash, response) => {
        if (looks++ === 0) keys.set(key, { requestHash: takenWith(requestHash), response: '{"id":"job_J1"}' });
        if (!keys.has(key)) keys.set(key, { requestHash, response: JSON.stringify(response) });
      },
    },
    batches: { create: async () => undefined },
    guards: {
      keyword: () => ({
        ...inFlight,
        admitJob: async () => ({ allowed: true, probe: false }),
        reportJob: async () => undefined,
        releaseProbe: async () => undefined,
        limitRegeneration: async () => allowed,
        returnRegeneration: async () => undefined,
      }),
      operation: () => inFlight,
      tenant: () => ({ rateLimit: async () => allowed }),
    },
    clock: { now: () => Date.now() },
    log: silent,
  };
  return ports;
}

describe("an Idempotency-Key taken while a request joins a job in flight", () => {
  const request = ArticleRequestSchema.parse({ keyword: "leaf mould" });
  const meta = { traceId: "t", idempotencyKey: "order-1", origin: "api" as const };

  it("refuses the request when the key was taken with another body, instead of a second 202 for one key", async () => {
    const ports = racedPorts(() => "hash-of-another-body");
    await expect(submitArticleJob(ports, "ten_1", request, meta)).rejects.toBeInstanceOf(IdempotencyConflict);
  });

  it("answers as the key's record does when it was taken with the same body", async () => {
    const ports = racedPorts((own) => own);
    await expect(submitArticleJob(ports, "ten_1", request, meta)).resolves.toEqual({ id: "job_J1" });
  });
});
