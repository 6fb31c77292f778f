import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { ArticleRequestSchema } from "../src/core/jobs/request";
import { analyticsOf } from "../src/dashboard/analytics";
import { fieldErrors, fieldOf } from "../src/dashboard/job-form";
import { SessionStore } from "../src/dashboard/session";
import { asMessageEvents } from "../src/dashboard/sse";
import { dashboardMark, isDashboardCall } from "../src/http/dashboard-mark";
import { zodErrors } from "../src/http/problem";

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

describe("validation messages in plain words", () => {
  const errorsFor = (body: unknown) => {
    const parsed = ArticleRequestSchema.safeParse(body);
    if (parsed.success) throw new Error("expected the request to be rejected");
    return fieldErrors({ status: 400, title: "Validation failed", errors: zodErrors(parsed.error) });
  };

  it("words each field's rejection with the schema's own limits", () => {
    expect(
      errorsFor({
        keyword: "",
        options: { targetWords: 12000, tone: "grumpy", language: "English!", focusKeywords: ["x".repeat(101)] },
        seoThreshold: 101,
        maxAttempts: 0,
        urls: ["ftp://example.com/a", "not a url"],
        excludeDomains: ["exa mple.com"],
      }),
    ).toEqual({
      keyword: ["Enter a keyword."],
      targetWords: ["Target words must be a whole number between 800 and 5,000."],
      tone: ["Choose one of the listed tones."],
      language: ["Enter a language tag such as en or pt-BR."],
      focusKeywords: ["Keep each focus keyword to 100 characters or fewer."],
      seoThreshold: ["The SEO threshold must be a number between 0 and 100."],
      maxAttempts: ["Attempts must be a whole number between 1 and 5."],
      urls: ["Enter each source URL in full, starting with http:// or https://."],
      excludeDomains: ["Enter domain names such as example.com, separated by spaces or commas."],
    });
  });

  it("tells a too-long keyword or list apart from an empty or malformed one", () => {
    const errors = errorsFor({
      keyword: "k".repeat(201),
      urls: Array.from({ length: 21 }, (_, i) => `https://example.com/${i}`),
    });
    expect(errors.keyword).toEqual(["Keep the keyword to 200 characters or fewer."]);
    expect(errors.urls).toEqual(["List at most 20 source URLs."]);
  });

  it("keeps the API's words for a field the form does not have", () => {
    const errors = errorsFor({ keyword: "compost", webhookUrl: "nope" });
    expect(Object.keys(errors)).toEqual([""]);
    expect(errors[""]).toContain("webhookUrl: Invalid URL");
  });
});

describe("analytics totals", () => {
  const job = (id: string, status: string) => ({ id, keyword: "k", status, createdAt: "2026-12-01T10:00:00Z" });

  it("counts the jobs in progress by their status, a regenerating job too, not by subtracting run counts", () => {
    // One job, completed once, now regenerating: the totals count runs, so completions already equal jobs.
    const view = analyticsOf({
      totals: { jobs: 1, completions: 1, failures: 0, averageSeoScore: null, averageQualityScore: null },
      jobs: [job("a", "writing")],
      failureCodes: new Map(),
      today: new Date("2026-12-02T00:00:00Z"),
      truncated: false,
    });
    expect(view.totals).toMatchObject({ jobs: 1, completed: 1, failed: 0, running: 1 });
    const settled = analyticsOf({
      totals: { jobs: 3, completions: 4, failures: 1, averageSeoScore: null, averageQualityScore: null },
      jobs: [job("a", "completed"), job("b", "failed"), job("c", "queued"), job("d", "researching")],
      failureCodes: new Map(),
      today: new Date("2026-12-02T00:00:00Z"),
      truncated: false,
    });
    expect(settled.totals.running).toBe(2);
  });
});

describe("the dashboard's mark", () => {
  it("is compared in constant time, whatever the presented value's length, and only the isolate's own mark passes", async () => {
    const compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
    try {
      const mark = dashboardMark();
      expect(await isDashboardCall(mark)).toBe(true);
      expect(await isDashboardCall(`${mark.slice(0, -1)}${mark.endsWith("0") ? "1" : "0"}`)).toBe(false);
      expect(await isDashboardCall("x")).toBe(false);
      expect(await isDashboardCall(undefined)).toBe(false);
      expect(compare).toHaveBeenCalledTimes(3);
      for (const [a, b] of compare.mock.calls)
        expect((a as ArrayBuffer).byteLength).toBe((b as ArrayBuffer).byteLength);
    } finally {
      compare.mockRestore();
    }
  });
});
