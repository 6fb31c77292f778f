import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EventStore } from "../src/adapters/storage/events";
import { createCache } from "../src/composition/cache";
import { submitArticleJob } from "../src/core/app/submit";
import type { PipelinePorts } from "../src/core/jobs/ports";
import { type ArticleRequestInput, ArticleRequestSchema } from "../src/core/jobs/request";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { writeConsumer } from "../src/queues/write";
import { capturingQueues, deliver, testPorts } from "./jobs-fixtures";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
let runs = 0;

/** One tenant's pipeline with the real three-tier cache; `submit` runs a job to its end. */
function tenantPipeline(tenantId: string) {
  const capture = capturingQueues();
  const { ports, calls } = testPorts();
  const cached = (): PipelinePorts => ({ ...ports(), cache: createCache(env) });
  const research = researchConsumer(cached, capture.services);
  const write = writeConsumer(cached, capture.services);
  const store = new EventStore(env.DB);
  async function submit(request: ArticleRequestInput) {
    const job = await submitArticleJob(capture.services(env), tenantId, ArticleRequestSchema.parse(request), {
      traceId: TRACE,
      origin: "api",
    });
    while (capture.sent.length) {
      const message = capture.sent.shift() as StageMessage;
      if (message.stage !== "deliver") await deliver(message.stage === "research" ? research : write, message);
    }
    return store.read(job.id);
  }
  return { submit, calls };
}

const KEYWORD = "home composting";

describe("finished articles in the cache", { timeout: 30_000 }, () => {
  it("answers a tenant's identical request with its earlier article, with no writer call", async () => {
    const tenant = `ten_cache_art_${++runs}`;
    const { submit, calls } = tenantPipeline(tenant);
    const first = await submit({ keyword: KEYWORD });
    expect(calls.write).toBe(1);
    const second = await submit({ keyword: "  Home   Composting " });
    expect(calls.write).toBe(1);
    const draft = second.find((e) => e.type === "DraftWritten");
    const firstDraft = first.find((e) => e.type === "DraftWritten");
    expect(draft?.type === "DraftWritten" && draft.data).toMatchObject({
      usage: [],
      reusedFrom: first[0]?.streamId,
      article: firstDraft?.type === "DraftWritten" ? firstDraft.data.article : undefined,
    });
    expect(second.at(-1)?.type).toBe("ArticleCompleted");
    // Articles are kept in D1 too, under the tenant's own prefix.
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM cache_entries WHERE key LIKE ?")
      .bind(`article:t:${tenant}:%`)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it("writes anew for fresh: true, and for the same keyword with other options", async () => {
    const { submit, calls } = tenantPipeline(`ten_cache_art_${++runs}`);
    await submit({ keyword: KEYWORD });
    const fresh = await submit({ keyword: KEYWORD, fresh: true });
    expect(calls.write).toBe(2);
    expect(fresh.find((e) => e.type === "DraftWritten" && e.data.reusedFrom)).toBeUndefined();
    await submit({ keyword: KEYWORD, options: { tone: "casual" } });
    expect(calls.write).toBe(3);
  });

  it("never hands one tenant's article to another tenant", async () => {
    const a = tenantPipeline(`ten_cache_art_${++runs}`);
    const b = tenantPipeline(`ten_cache_art_${++runs}`);
    await a.submit({ keyword: KEYWORD });
    const other = await b.submit({ keyword: KEYWORD });
    expect(b.calls.write).toBe(1);
    expect(other.find((e) => e.type === "DraftWritten" && e.data.reusedFrom)).toBeUndefined();
  });
});
