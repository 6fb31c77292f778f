import { describe, expect, it } from "vitest";
import { checkInvariants, type SoakState } from "../../scripts/soak/invariants.mjs";

const event = (stream_id: string, version: number, type: string, data: unknown = {}) => ({
  stream_id,
  version,
  type,
  data: JSON.stringify(data),
});
const job = { id: "job_a", status: "completed", stage: "done", version: 4, views: 2 };

function clean(): SoakState {
  return {
    events: [
      event("job_a", 1, "ArticleRequested"),
      event("job_a", 2, "ArticleCompleted"),
      event("job_a", 3, "RegenerationRequested", { run: 2 }),
      event("job_a", 4, "ArticleFailed"),
    ],
    jobs: [job],
    jobsRebuilt: [{ ...job, views: 0 }],
    analytics: [{ tenant_id: "ten_a", jobs: 1 }],
    analyticsRebuilt: [{ tenant_id: "ten_a", jobs: 1 }],
    outbox: [{ id: "obx_1", queue: "deliver", sent_at: 1, sends: 1 }],
    deliveries: [
      {
        id: "whd_1",
        job_id: "job_a",
        dedupe_key: "job_a:1:article.completed:whe_1",
        event_type: "article.completed",
        status: "delivered",
      },
      {
        id: "whd_2",
        job_id: "job_a",
        dedupe_key: "job_a:2:article.failed:whe_1",
        event_type: "article.failed",
        status: "failed",
      },
    ],
    received: ["whd_1"],
    accepted: ["job_a"],
  };
}

const broken = (state: SoakState) =>
  checkInvariants(state)
    .filter((result) => !result.ok)
    .map((result) => result.name);

describe("the soak's invariants", () => {
  it("hold for a job with two runs, each ended once and announced", () => {
    expect(broken(clean())).toEqual([]);
  });

  it("catch a version gap, a run ended twice and a job left running", () => {
    const state = clean();
    state.events = [
      event("job_a", 1, "ArticleRequested"),
      event("job_a", 3, "ArticleCompleted"),
      event("job_a", 4, "ArticleCompleted"),
    ];
    state.jobs = [{ ...job, status: "writing" }];
    state.jobsRebuilt = [{ ...job, status: "writing" }];
    state.deliveries = state.deliveries.slice(0, 1);
    expect(broken(state)).toEqual([
      "every job is terminal",
      "no version gaps or duplicates in any stream",
      "one terminal event per run",
    ]);
  });

  it("catch a delivery still pending, one marked delivered the receiver never got, and an unsent outbox row", () => {
    const state = clean();
    state.received = [];
    state.deliveries = [
      { ...clean().deliveries[0], status: "delivered" },
      { ...clean().deliveries[1], status: "pending" },
    ] as SoakState["deliveries"];
    state.outbox = [{ id: "obx_2", queue: "research", sent_at: null, sends: 0 }];
    const results = checkInvariants(state);
    const deliveries = results.find((r) => r.name.startsWith("every article.completed"));
    expect(deliveries?.broken).toBe(2);
    expect(broken(state)).toContain("no outbox row left unsent");
  });

  it("catch read tables that differ from the rebuild, but not in the view counter", () => {
    const state = clean();
    state.jobsRebuilt = [{ ...job, views: 9, version: 3 }];
    state.accepted = ["job_a", "job_lost"];
    expect(broken(state)).toEqual([
      "every accepted job is in the read table",
      "read tables equal a rebuild from the log",
    ]);
    expect(checkInvariants(state).find((r) => r.name.startsWith("read tables"))?.examples).toEqual([
      { id: "job_a", columns: ["version"] },
    ]);
  });

  it("catch text read in the wrong encoding in any recorded event, naming where", () => {
    const state = clean();
    state.events[1] = event("job_a", 2, "ArticleCompleted", {
      title: "Beds 4 × 8",
      quote: "a 4 × 8 bed, “raised” — 30 °C",
    });
    expect(broken(state)).toEqual([]);
    for (const garbled of ["a 4 Ã— 8 bed", "itâ€™s", "caf\ufffd", "30 Â°C"]) {
      state.events[1] = event("job_a", 2, "ArticleCompleted", { quote: garbled });
      const result = checkInvariants(state).find((r) => r.name === "no recorded text garbled by a wrong encoding");
      expect(result?.ok).toBe(false);
      expect(result?.examples).toEqual([
        expect.objectContaining({ stream: "job_a", version: 2, type: "ArticleCompleted" }),
      ]);
    }
  });

  it("catch a page that declined AI use read as a usable source, by its address or where it redirected", () => {
    const state = clean();
    const research = (sources: unknown[]) => event("job_a", 2, "ResearchCompleted", { run: 1, report: { sources } });
    state.declinedPaths = ["/garden/declined", "/money/moved-here"];
    state.events[1] = research([
      { url: "https://web.test/garden/declined", status: "failed", reason: "ai_use_declined" },
      { url: "https://web.test/garden/open", status: "ok" },
    ]);
    const name = "no page that declines AI use is a source";
    expect(checkInvariants(state).find((r) => r.name === name)?.ok).toBe(true);
    state.events[1] = research([
      { url: "https://web.test/garden/declined", status: "ok" },
      { url: "https://web.test/money/old", finalUrl: "https://web.test/money/moved-here", status: "ok" },
      { url: "not a url", status: "ok" },
    ]);
    const result = checkInvariants(state).find((r) => r.name === name);
    expect(result?.broken).toBe(2);
    expect(result?.examples).toEqual([
      { stream: "job_a", version: 2, url: "https://web.test/garden/declined" },
      { stream: "job_a", version: 2, url: "https://web.test/money/old" },
    ]);
  });

  it("catch a page robots.txt declines that was requested anyway, and count it as declined for the sources", () => {
    const state = clean();
    const name = "no page robots.txt declines for AI use is requested";
    state.robotsDeclinedPaths = ["/garden/members"];
    state.requestedPaths = ["/robots.txt", "/garden/open"];
    expect(checkInvariants(state).find((r) => r.name === name)?.ok).toBe(true);
    state.requestedPaths.push("/garden/members");
    expect(checkInvariants(state).find((r) => r.name === name)?.examples).toEqual([{ path: "/garden/members" }]);
    state.events[1] = event("job_a", 2, "ResearchCompleted", {
      run: 1,
      report: { sources: [{ url: "https://web.test/garden/members", status: "ok" }] },
    });
    expect(broken(state)).toContain("no page that declines AI use is a source");
  });
});
