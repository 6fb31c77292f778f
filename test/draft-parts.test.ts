import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DurableGuards } from "../src/adapters/guards/durable";
import { submitArticleJob } from "../src/core/app/submit";
import { PermanentError } from "../src/core/errors";
import type { PipelinePorts } from "../src/core/jobs/ports";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import type { Guard } from "../src/durable/guard";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { writeConsumer } from "../src/queues/write";
import { capturingQueues, deliver, testPorts } from "./jobs-fixtures";

const DAY = 24 * 60 * 60_000;
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const part = { value: { title: "Kept" }, usage: [] };

describe("a draft's kept parts", { timeout: 30_000 }, () => {
  it("expire by the Guard's alarm a day after the last save when nothing clears them", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("draft:job_parts_expire:1:1"));
    // Real times, so the alarm lies ahead and runs only when the test runs it.
    let now = Date.now() + 60_000;
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => now };
    });
    await stub.saveDraftPart("outline", part);
    now += DAY / 2;
    await stub.saveDraftPart("section:0", part);
    now += DAY / 2 + 1;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // The second save moved the expiry: both parts are still there.
    expect(Object.keys(await stub.draftParts()).sort()).toEqual(["outline", "section:0"]);
    now += DAY / 2;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.draftParts()).toEqual({});
  });

  it("are cleared with their timer", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("draft:job_parts_clear:1:1"));
    await stub.saveDraftPart("outline", part);
    await stub.clearDraftParts();
    expect(await stub.draftParts()).toEqual({});
    await runInDurableObject(stub, async (_guard: Guard, state) => {
      expect(state.storage.sql.exec("SELECT * FROM timers").toArray()).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });

  for (const outcome of ["written", "failed"] as const) {
    it(`are deleted once the draft is ${outcome}`, async () => {
      const guards = new DurableGuards(env.GUARD);
      const capture = capturingQueues();
      const base = testPorts();
      const ports = (): PipelinePorts => {
        const real = base.ports();
        return {
          ...real,
          draftParts: (jobId, run, attempt) => guards.draft(jobId, run, attempt),
          writer: () => ({
            kind: "llm",
            name: "llm:test",
            write: async (req) => {
              await req.parts?.save("outline", part);
              if (outcome === "failed") throw new PermanentError("invalid_model_output", "no valid draft");
              return real.writer().write(req);
            },
          }),
        };
      };
      const consumers = {
        research: researchConsumer(ports, capture.services),
        write: writeConsumer(ports, capture.services),
      };
      const job = await submitArticleJob(
        capture.services(env),
        `ten_parts_${outcome}`,
        ArticleRequestSchema.parse({ keyword: "compost bins" }),
        { traceId: TRACE, origin: "api" },
      );
      const saved: Record<string, unknown>[] = [];
      while (capture.sent.length) {
        const message = capture.sent.shift() as StageMessage;
        if (message.stage === "deliver") continue;
        await deliver(consumers[message.stage], message);
        if (message.stage === "write") saved.push(await guards.draft(job.id, 1, 1).load());
      }
      expect(saved).toEqual([{}]);
      const row = await env.DB.prepare("SELECT status FROM jobs WHERE id = ?").bind(job.id).first();
      expect(row).toEqual({ status: outcome === "written" ? "completed" : "failed" });
    });
  }
});
