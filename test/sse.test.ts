import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import type { QueueConsumer } from "../src/queues/consumer";
import type { StageMessage } from "../src/queues/messages";
import { bearer, call, createTenant } from "./helpers";
import { deliver, driveJob, FIXTURE_URLS, stubWeb } from "./jobs-fixtures";

let web: ReturnType<typeof stubWeb>;
beforeEach(() => {
  web = stubWeb();
});
afterEach(() => web.restore());

interface SseEvent {
  id: string;
  event: string;
  data: { type: string; version: number };
}

/** Reads server-sent events as they arrive: `events` grows while the stream is open, `closed` settles at its end. */
function follow(response: Response): { events: SseEvent[]; closed: Promise<SseEvent[]> } {
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  const read = async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = Object.fromEntries(
          block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
        );
        const { id, event = "", data = "null" } = fields;
        if (id) events.push({ id, event, data: JSON.parse(data) });
        end = buffer.indexOf("\n\n");
      }
    }
  };
  return { events, closed: read() };
}

/** Delivers the job's first stage message (research) only, leaving the job mid-way. */
async function runResearchOnly(jobId: string): Promise<void> {
  const row = await env.DB.prepare("SELECT body FROM outbox WHERE body LIKE ? AND queue = 'research' LIMIT 1")
    .bind(`%"${jobId}"%`)
    .first<{ body: string }>();
  if (!row) throw new Error(`no research message for ${jobId}`);
  await deliver(worker.queue as QueueConsumer, JSON.parse(row.body) as StageMessage);
}

async function newJob(key: string): Promise<string> {
  const res = await call("/v1/articles", {
    method: "POST",
    headers: bearer(key),
    json: { keyword: "home composting", urls: FIXTURE_URLS, maxAttempts: 1 },
  });
  return ((await res.json()) as { id: string }).id;
}

// Whole jobs run in these tests; a busy machine needs more than the default five seconds.
describe("job events", { timeout: 30_000 }, () => {
  it("streams events live while the job runs and closes after the terminal event", async () => {
    const tenant = await createTenant("Streamer");
    const id = await newJob(tenant.key);
    const response = await call(`/v1/articles/${id}/events`, {
      headers: { ...bearer(tenant.key), accept: "text/event-stream" },
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const stream = follow(response);
    await vi.waitFor(() => expect(stream.events[0]).toMatchObject({ id: "1", event: "ArticleRequested" }), {
      timeout: 10_000,
    });
    // Events arrive while the job runs, not all at once at the end: research lands while writing is still to come.
    await runResearchOnly(id);
    await vi.waitFor(() => expect(stream.events.map((e) => e.event)).toContain("ResearchCompleted"), {
      timeout: 10_000,
    });
    expect(stream.events.map((e) => e.event)).not.toContain("ArticleCompleted");
    await driveJob(id);
    const events = await stream.closed;
    expect(events.at(-1)?.event).toBe("ArticleCompleted");
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));
    expect(events.every((e) => e.data.type === e.event && String(e.data.version) === e.id)).toBe(true);
  });

  it("resumes after Last-Event-ID and answers plain JSON when no stream is asked for", async () => {
    const tenant = await createTenant("Resumer");
    const id = await newJob(tenant.key);
    await driveJob(id);
    const all = (await (await call(`/v1/articles/${id}/events`, { headers: bearer(tenant.key) })).json()) as {
      data: { type: string; version: number }[];
    };
    expect(all.data[0]?.type).toBe("ArticleRequested");
    const resumed = await follow(
      await call(`/v1/articles/${id}/events`, {
        headers: { ...bearer(tenant.key), accept: "text/event-stream", "last-event-id": "3" },
      }),
    ).closed;
    expect(resumed.map((e) => Number(e.id))).toEqual(all.data.filter((e) => e.version > 3).map((e) => e.version));
    expect(resumed.at(-1)?.event).toBe("ArticleCompleted");
    const after = (await (await call(`/v1/articles/${id}/events?after=4`, { headers: bearer(tenant.key) })).json()) as {
      data: { version: number }[];
    };
    expect(after.data[0]?.version).toBe(5);
  });
  it("answers HEAD on the stream with its headers and no body, and starts no stream behind it", async () => {
    const tenant = await createTenant("Header");
    const id = await newJob(tenant.key);
    let eventReads = 0;
    const db = new Proxy(env.DB, {
      get(target, property) {
        if (property === "prepare")
          return (sql: string) => {
            if (/\bevents\b/i.test(sql)) eventReads++;
            return target.prepare(sql);
          };
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const request = new Request(`https://api.example/v1/articles/${id}/events`, {
      method: "HEAD",
      headers: { ...bearer(tenant.key), accept: "text/event-stream" },
    }) as unknown as Request<unknown, IncomingRequestCfProperties>;
    const response = await worker.fetch(request, { ...env, DB: db }, createExecutionContext());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(await response.text()).toBe("");
    // A stream behind a HEAD would poll the log every SSE_POLL_MS (100 ms here) for the job that is still running.
    const read = eventReads;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(eventReads).toBe(read);
  });
});
