import { jsx } from "hono/jsx";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { OperatorPage, type OperatorView } from "../../src/dashboard/views/operator";

const view: OperatorView = {
  unavailable: [],
  slo: {
    alertWebhook: true,
    data: [
      {
        name: "job-success",
        objective: 0.99,
        windows: [
          { seconds: 300, good: 80, total: 100, burnRate: 20 },
          { seconds: 3600, good: 850, total: 1000, burnRate: 15 },
        ],
        firing: { severity: "page", burnRate: 15 },
        alert: { firing: true, since: "2026-12-03T07:00:00.000Z", notified: true },
      },
      {
        name: "webhook-delivery",
        objective: 0.99,
        windows: [
          { seconds: 300, good: 10, total: 10, burnRate: 0 },
          { seconds: 3600, good: 99, total: 99, burnRate: 0 },
        ],
        firing: null,
        alert: null,
      },
    ],
  },
  providers: {
    data: [
      {
        name: "groq",
        model: "llama-3.3-70b-versatile",
        breaker: "open",
        remaining: { requests: 12, tokens: 3400 },
        recentErrors: [
          { at: "2026-12-03T07:58:00.000Z", error: "HTTP 503" },
          { at: "2026-12-03T07:59:00.000Z", error: "HTTP 429 rate limited" },
        ],
        latencyMs: { p50: 850, p95: 2100 },
        calls: 40,
      },
    ],
  },
  queues: {
    outbox: [{ queue: "research", unsent: 2, oldestUnsentAgeSeconds: 45 }],
    jobs: [
      { status: "researching", count: 3, oldestStageAgeSeconds: 300 },
      { status: "writing", count: 1, oldestStageAgeSeconds: 20 },
    ],
  },
  failures: {
    data: [
      {
        jobId: "art_1",
        tenantId: "ten_acme",
        keyword: "home composting",
        errorCode: "retries_exhausted",
        errorMessage: "search answered HTTP 500",
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        failedAt: "2026-12-03T07:50:00.000Z",
      },
    ],
  },
};

async function render(page: OperatorView) {
  const html = await jsx(OperatorPage, { csrf: "csrf-token", view: page }).toString();
  const { document } = parseHTML(`<!doctype html>${html}`);
  const section = (heading: string) => document.querySelector(`section[aria-labelledby="${heading}"]`);
  // The section's own table (a chart's figure carries a table of its numbers too).
  const rows = (heading: string) =>
    [...(section(heading)?.querySelectorAll("table") ?? [])]
      .filter((table) => table.parentNode === section(heading))
      .flatMap((table) => [...table.querySelectorAll("tbody tr")])
      .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent?.replace(/\s+/g, " ").trim()));
  return { document, section, rows };
}

describe("operator page", () => {
  it("shows each objective's burn per window and its alert, with the burn chart", async () => {
    const { section, rows } = await render(view);
    expect(rows("slo-heading")).toEqual([
      ["job-success", "99.0 %", "20 (80/100)", "15 (850/1000)", "firing (page)"],
      ["webhook-delivery", "99.0 %", "0 (10/10)", "0 (99/99)", "ok"],
    ]);
    const chart = section("slo-heading")?.querySelector('svg[role="img"]');
    expect(chart?.querySelector("title")?.textContent).toContain("20 burn rate in total");
    expect(section("slo-heading")?.textContent).not.toContain("No alert webhook");
  });

  it("shows each provider's breaker, capacity left, latency and its latest error", async () => {
    const { rows } = await render(view);
    expect(rows("providers-heading")).toEqual([
      ["groq (llama-3.3-70b-versatile)", "open", "12", "3400", "850 / 2100 ms", "2: HTTP 429 rate limited"],
    ]);
  });

  it("shows jobs in flight by stage with their oldest age, and the unsent outbox", async () => {
    const { section, rows } = await render(view);
    expect(rows("queues-heading")).toEqual([
      ["researching", "3", "5 min"],
      ["writing", "1", "20 s"],
    ]);
    expect(section("queues-heading")?.textContent).toContain("Unsent outbox messages: research 2 (oldest 45 s)");
    expect(section("queues-heading")?.querySelector('svg[role="img"] title')?.textContent).toContain("4 jobs");
  });

  it("lists recent failures with their reason and trace id", async () => {
    const { rows } = await render(view);
    expect(rows("failures-heading")).toEqual([
      [
        "2026-12-03T07:50:00.000Z",
        "ten_acme",
        "home composting",
        "retries_exhausted search answered HTTP 500",
        "4bf92f3577b34da6a3ce929d0e0e4736",
      ],
    ]);
  });

  it("says which parts could not be read, and what an empty deployment has", async () => {
    const { document, section } = await render({
      unavailable: ["providers", "slo"],
      queues: { outbox: [], jobs: [] },
      failures: { data: [] },
    });
    expect(document.querySelector('[role="status"]')?.textContent).toBe("Not available now: providers, slo.");
    expect(section("providers-heading")?.textContent).toContain("No LLM provider is configured");
    expect(section("queues-heading")?.textContent).toContain("Unsent outbox messages: none");
    expect(section("failures-heading")?.textContent).toContain("No failed jobs.");
  });
});
