import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fieldOf } from "../src/dashboard/job-form";
import { SessionStore } from "../src/dashboard/session";
import { asMessageEvents } from "../src/dashboard/sse";

async function reframe(chunks: string[]): Promise<string> {
  const encoder = new TextEncoder();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(asMessageEvents(source)).text();
}

describe("event stream re-framing", () => {
  it("drops event names even when a line is split across chunks, and keeps ids and data", async () => {
    const out = await reframe(["id: 4\nev", 'ent: DraftWritten\ndata: {"type":"Draft', 'Written"}\n\nid: 5\n']);
    expect(out).toBe('id: 4\ndata: {"type":"DraftWritten"}\n\nid: 5\n');
  });

  it("keeps a last line that arrives without a newline", async () => {
    expect(await reframe(["data: {}\n", "data: tail"])).toBe("data: {}\ndata: tail");
  });
});

describe("dashboard sessions in KV", () => {
  it("finds a fresh session, forgets an expired or deleted one, and ignores malformed ids", async () => {
    let now = Date.now();
    const store = new SessionStore(env.CACHE, () => now);
    const { id, session } = await store.create("obk_key", { id: "t1", name: "One" });
    expect((await store.get(id))?.key).toBe("obk_key");
    expect(session.csrf).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(await env.CACHE.get(`dashboard:session:${id}`)).toBeNull();

    now += 8 * 60 * 60 * 1000 + 1;
    expect(await store.get(id)).toBeUndefined();
    now -= 60_000;
    expect(await store.get(id)).toBeDefined();
    await store.delete(id);
    expect(await store.get(id)).toBeUndefined();
    expect(await store.get("../../etc")).toBeUndefined();
  });
});

describe("form fields for API error paths", () => {
  it("maps option paths, list items and top-level fields, and leaves the rest to the form", () => {
    expect(fieldOf("options.tone")).toBe("tone");
    expect(fieldOf("urls.3")).toBe("urls");
    expect(fieldOf("keyword")).toBe("keyword");
    expect(fieldOf("options.unknown")).toBe("");
    expect(fieldOf("webhookUrl")).toBe("");
  });
});
