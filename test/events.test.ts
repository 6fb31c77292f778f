import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EventStore } from "../src/adapters/storage/events";
import { jobServices } from "../src/composition/jobs";
import type { NewEvent } from "../src/core/jobs/events";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import { ConcurrencyError, updateJob } from "../src/core/ports/job-store";

const meta = { tenantId: "ten_events", traceId: "0af7651916cd43dd8448eb211c80319c" };
const requested = (keyword = "event sourcing"): NewEvent => ({
  type: "ArticleRequested",
  data: { request: ArticleRequestSchema.parse({ keyword }), origin: "api" },
});

describe("event store", () => {
  it("appends with contiguous versions and reads them back in order", async () => {
    const store = new EventStore(env.DB);
    await store.append("job_a", 0, [requested()], meta);
    await store.append(
      "job_a",
      1,
      [
        { type: "ResearchStarted", data: { run: 1 } },
        { type: "ArticleViewed", data: { format: "json" } },
      ],
      meta,
    );
    const events = await store.read("job_a");
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, "ArticleRequested"],
      [2, "ResearchStarted"],
      [3, "ArticleViewed"],
    ]);
    expect(events[0]?.meta).toEqual(meta);
    expect((await store.read("job_a", 2)).map((e) => e.version)).toEqual([3]);
  });

  it("rejects a concurrent append at the same expected version and keeps the first", async () => {
    const store = new EventStore(env.DB);
    await store.append("job_b", 0, [requested()], meta);
    const results = await Promise.allSettled([
      store.append("job_b", 1, [{ type: "ResearchStarted", data: { run: 1 } }], meta),
      store.append("job_b", 1, [{ type: "ArticleFailed", data: { code: "x", message: "y", stage: "research" } }], meta),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.read("job_b")).map((e) => e.version)).toEqual([1, 2]);
  });

  it("rejects an append that would skip a version", async () => {
    const store = new EventStore(env.DB);
    await store.append("job_c", 0, [requested()], meta);
    await expect(
      store.append("job_c", 4, [{ type: "ResearchStarted", data: { run: 1 } }], meta),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.read("job_c")).toHaveLength(1);
  });

  it("rejects data that does not match the event's schema before writing anything", async () => {
    const store = new EventStore(env.DB);
    const bad = { type: "FeedbackGiven", data: { rating: 9 } } as unknown as NewEvent;
    await expect(store.append("job_d", 0, [requested(), bad], meta)).rejects.toThrow();
    expect(await store.read("job_d")).toHaveLength(0);
  });

  it("updateJob appends what decide returns at the read version and updates the read model", async () => {
    const { store } = jobServices(env);
    await new EventStore(env.DB).append("job_e", 0, [requested()], meta);
    let calls = 0;
    const { appended } = await updateJob(
      store,
      "job_e",
      (state) => {
        calls++;
        return { events: [{ type: "FeedbackGiven", data: { rating: state.version === 1 ? 1 : 5 } }] };
      },
      () => meta,
    );
    expect(calls).toBe(1);
    expect(appended[0]?.version).toBe(2);
    const row = await env.DB.prepare("SELECT version, status FROM jobs WHERE id = ?").bind("job_e").first();
    expect(row).toEqual({ version: 2, status: "queued" });
  });
});
