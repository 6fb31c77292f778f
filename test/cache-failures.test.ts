import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventStore } from "../src/adapters/storage/events";
import { jobServices } from "../src/composition/jobs";
import { pipelinePorts } from "../src/composition/pipeline";
import { submitArticleJob } from "../src/core/app/submit";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import type { Log } from "../src/core/ports/log";
import type { QueueConsumer } from "../src/queues/consumer";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { writeConsumer } from "../src/queues/write";
import { capturingQueues, deliver, FIXTURE_URLS, stubWeb } from "./jobs-fixtures";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
let runs = 0;

/** A KV namespace whose every call fails, as a KV outage does. */
const failingKv = new Proxy({} as KVNamespace, {
  get: () => async () => {
    throw new Error("KV is unavailable");
  },
});

/** A log that keeps its warnings with the fields bound to it. */
function recordingLog(warnings: Record<string, unknown>[], bound: Record<string, unknown> = {}): Log {
  return {
    debug() {},
    info() {},
    error() {},
    warn(msg, fields) {
      warnings.push({ msg, ...bound, ...fields });
    },
    with: (fields) => recordingLog(warnings, { ...bound, ...fields }),
  };
}

let web: ReturnType<typeof stubWeb>;
beforeEach(() => {
  web = stubWeb();
});
afterEach(() => web.restore());

describe("a cache tier that fails during a job", { timeout: 30_000 }, () => {
  it("completes the job, with each stage's cache failure as a 'treated as a miss' warning in the job's log", async () => {
    const tenant = `ten_cache_fail_${++runs}`;
    const warnings: Record<string, unknown>[] = [];
    const capture = capturingQueues();
    const broken = { ...env, CACHE: failingKv } as Env;
    const services = (e: Env) => jobServices(e, { queues: capture.queues, log: recordingLog(warnings) });
    const consumers: Record<"research" | "write", QueueConsumer> = {
      research: researchConsumer(pipelinePorts, services),
      write: writeConsumer(pipelinePorts, services),
    };
    // The caller's own URLs are cached for this tenant alone: no other test's entries are in isolate memory.
    const request = ArticleRequestSchema.parse({ keyword: "home composting", urls: FIXTURE_URLS });
    const job = await submitArticleJob(services(broken), tenant, request, { traceId: TRACE, origin: "api" });
    while (capture.sent.length) {
      const message = capture.sent.shift() as StageMessage;
      if (message.stage === "deliver") continue;
      const consumer = consumers[message.stage];
      const outcome = await deliver((batch, _env, ctx) => consumer(batch, broken, ctx), message);
      expect(outcome.explicitAcks).toHaveLength(1);
    }
    const events = await new EventStore(env.DB).read(job.id);
    expect(events.at(-1)?.type).toBe("ArticleCompleted");
    const misses = warnings.filter((w) => String(w.msg).includes("treated as a miss"));
    expect(misses.length).toBeGreaterThan(0);
    expect(misses.every((w) => w.jobId === job.id && w.tier === "l2")).toBe(true);
    expect(new Set(misses.map((w) => w.stage))).toEqual(new Set(["research", "write"]));
  });
});
