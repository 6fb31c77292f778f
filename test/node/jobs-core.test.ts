import { describe, expect, it } from "vitest";
import { distinctKeywords } from "../../src/core/app/submit";
import { deriveArticle } from "../../src/core/article/derive";
import { defaultOptions } from "../../src/core/article/options";
import { searchKey } from "../../src/core/cache/keys";
import { regeneratePlan } from "../../src/core/jobs/commands";
import type { NewEvent, StoredEvent } from "../../src/core/jobs/events";
import { analyticsDelta, jobRow } from "../../src/core/jobs/projections";
import { finishedAfter } from "../../src/core/jobs/public-event";
import { redrivePlan, SEND_AFTER_COMMIT_MS, waitedTooLong, waitingPlan } from "../../src/core/jobs/redrive";
import { foldJob } from "../../src/core/jobs/reducer";
import { ArticleRequestSchema, normaliseKeyword } from "../../src/core/jobs/request";
import { recordResearch } from "../../src/core/jobs/research-record";
import { RELEVANCE_THRESHOLD, relevanceTo } from "../../src/core/research/relevance";
import { fixtureReport } from "../research-fixtures";

const T0 = Date.parse("2026-11-26T10:00:00.000Z");

function stored(events: NewEvent[], startVersion = 1, startMs = T0): StoredEvent[] {
  return events.map((event, i) => ({
    ...event,
    id: `evt_${i}`,
    streamId: "job_1",
    version: startVersion + i,
    schemaVersion: 1,
    meta: { tenantId: "ten_1", traceId: "t" },
    time: new Date(startMs + i * 1000).toISOString(),
  })) as StoredEvent[];
}

const requested: NewEvent = {
  type: "ArticleRequested",
  data: {
    request: ArticleRequestSchema.parse({ keyword: "Home  Composting", webhookUrl: "https://h.example/x" }),
    origin: "api",
  },
};

describe("job reducer and projections", () => {
  it("folds a request into a queued job whose row carries tenant, keyword and webhook URL", () => {
    const state = foldJob("job_1", stored([requested]));
    expect(state).toMatchObject({
      exists: true,
      status: "queued",
      stage: "research",
      run: 1,
      tenantId: "ten_1",
      version: 1,
    });
    if (!state.exists) throw new Error("the request makes a job");
    expect(jobRow(state)).toMatchObject({
      keywordNormalised: "home composting",
      webhookUrl: "https://h.example/x",
      article: null,
    });
  });

  it("lists a redirected source with the final URL its citations use, and the requested one beside it", () => {
    const report = fixtureReport("home composting");
    const [first, ...rest] = report.sources;
    if (!first) throw new Error("the fixture has sources");
    const redirected = { ...first, finalUrl: "https://garden1.example/guides/composting" };
    const events = stored([
      requested,
      {
        type: "ResearchCompleted",
        data: { run: 1, report: recordResearch({ ...report, sources: [redirected, ...rest] }) },
      },
    ]);
    const state = foldJob("job_1", events);
    if (!state.exists) throw new Error("the request makes a job");
    const draft = {
      title: "Composting",
      metaDescription: "How.",
      intro: "Start here [1].",
      sections: [{ heading: "Greens and browns", level: 2 as const, body: "Mix greens and browns [1]." }],
      faq: [],
    };
    const cited = deriveArticle(draft, {
      kind: "extractive",
      keyword: "home composting",
      options: defaultOptions(),
      sources: [redirected],
    }).sources[0]?.url;
    expect(cited).toBe("https://garden1.example/guides/composting");
    expect(jobRow(state).sources?.[0]).toMatchObject({ url: first.url, finalUrl: cited });
  });

  it("counts a rating once per job and replaces its value", () => {
    const events = stored([
      requested,
      { type: "FeedbackGiven", data: { rating: 2 } },
      { type: "FeedbackGiven", data: { rating: 5 } },
    ]);
    const first = analyticsDelta(foldJob("job_1", events.slice(0, 1)), events[1] as StoredEvent);
    const second = analyticsDelta(foldJob("job_1", events.slice(0, 2)), events[2] as StoredEvent);
    expect([first.ratings, first.ratingSum, second.ratings, second.ratingSum]).toEqual([1, 2, 0, 3]);
  });

  it("refuses to regenerate a running job and restarts a finished one from research with a new run", () => {
    const running = foldJob("job_1", stored([requested]));
    expect(regeneratePlan(running, "research")).toHaveProperty("refused");
    const failed = foldJob(
      "job_1",
      stored([requested, { type: "ArticleFailed", data: { code: "x", message: "y", stage: "research" } }]),
    );
    expect(regeneratePlan(failed, "write")).toHaveProperty("refused");
    expect(regeneratePlan(failed, "research")).toMatchObject({ next: { stage: "research", attempt: 2 } });
  });

  it("re-drives only a job without progress for the configured time, and fails it after the re-drives", () => {
    const state = foldJob("job_1", stored([requested]));
    expect(redrivePlan(state, T0 + 60_000, 900_000, 3)).toBeUndefined();
    expect(redrivePlan(state, T0 + 901_000, 900_000, 3)).toMatchObject({ next: { stage: "research", attempt: 1 } });
    const tired = { ...state, redrives: 3 };
    expect(redrivePlan(tired, T0 + 901_000, 900_000, 3)?.events[0]).toMatchObject({
      type: "ArticleFailed",
      data: { code: "stuck" },
    });
  });

  it("holds off a job whose message may still wait in its stage's queue, and re-drives one the line has passed", () => {
    const state = foldJob("job_1", stored([requested]));
    const now = T0 + 901_000;
    // The oldest message still waiting was sent after the job's clock moved: the job's message may be in line.
    expect(redrivePlan(state, now, 900_000, 3, { oldestWaiting: { research: T0 + 2_000 } })).toBeUndefined();
    expect(
      redrivePlan(state, now, 900_000, 3, { oldestWaiting: { research: T0 + SEND_AFTER_COMMIT_MS } }),
    ).toBeUndefined();
    // Every message still waiting was sent after the job's: its own was taken (or lost) and is not in line.
    expect(
      redrivePlan(state, now, 900_000, 3, { oldestWaiting: { research: T0 + SEND_AFTER_COMMIT_MS + 1 } }),
    ).toMatchObject({
      next: { stage: "research" },
    });
    // A message sent back to the line (its heartbeat) is in line from then on.
    const line = { research: T0 + 60_000 };
    expect(redrivePlan(state, now, 900_000, 3, { oldestWaiting: line, beatAt: T0 + 58_000 })).toBeUndefined();
    expect(redrivePlan(state, now, 900_000, 3, { oldestWaiting: line, beatAt: T0 + 50_000 })).toMatchObject({
      next: { stage: "research" },
    });
    // Only the job's own stage's line counts; a job out of re-drives but in line is not failed.
    expect(redrivePlan(state, now, 900_000, 3, { oldestWaiting: { write: T0 } })).toMatchObject({
      next: { stage: "research" },
    });
    expect(
      redrivePlan({ ...state, redrives: 3 }, now, 900_000, 3, { oldestWaiting: { research: T0 } }),
    ).toBeUndefined();
  });

  it("does not count a message lost from its queue's line against the limit, only against a wider one", () => {
    const state = foldJob("job_1", stored([requested]));
    const now = T0 + 901_000;
    const passed = { oldestWaiting: { research: Number.POSITIVE_INFINITY } };
    const data = (plan: ReturnType<typeof redrivePlan>) => plan?.events[0]?.data;
    // Never with a consumer, and the line has passed it (here: nothing waits): lost from the line.
    expect(data(redrivePlan(state, now, 900_000, 3, passed))).toEqual({
      stage: "research",
      run: 1,
      attempt: 1,
      lostInLine: true,
    });
    // Its worker stopped while holding it, or the queue cannot tell: it counts.
    expect(data(redrivePlan(state, now, 900_000, 3, { ...passed, beatAt: T0 - 1, held: true }))).toEqual({
      stage: "research",
      run: 1,
      attempt: 1,
    });
    expect(data(redrivePlan(state, now, 900_000, 3))).not.toHaveProperty("lostInLine");
    // Held by a worker before the last re-drive, not since: the re-driven copy was lost from the line.
    const redriven: NewEvent = { type: "StageRedriven", data: { stage: "research", run: 1, attempt: 1 } };
    const once = foldJob("job_1", stored([requested, redriven]));
    expect(once).toMatchObject({ redrives: 1, redrivesInLine: 0 });
    const later = Date.parse(once.stageEnteredAt) + 901_000;
    const stale = { ...passed, beatAt: Date.parse(once.stageEnteredAt) - 1, held: true };
    expect(data(redrivePlan(once, later, 900_000, 3, stale))).toHaveProperty("lostInLine", true);

    const lost: NewEvent = { type: "StageRedriven", data: { stage: "research", run: 1, attempt: 1, lostInLine: true } };
    const report = recordResearch(fixtureReport("home composting"));
    const progressed = foldJob(
      "job_1",
      stored([requested, lost, lost, { type: "ResearchCompleted", data: { run: 1, report } }]),
    );
    expect(progressed).toMatchObject({ redrives: 0, redrivesInLine: 0, redrivenAt: undefined });
    const manyLost = foldJob("job_1", stored([requested, ...Array(8).fill(lost)]));
    expect(manyLost).toMatchObject({ redrives: 0, redrivesInLine: 8 });
    const at = Date.parse(manyLost.stageEnteredAt) + 901_000;
    expect(redrivePlan(manyLost, at, 900_000, 3, passed)?.events[0]?.type).toBe("StageRedriven");
    expect(redrivePlan({ ...manyLost, redrivesInLine: 9 }, at, 900_000, 3, passed)?.events[0]).toMatchObject({
      type: "ArticleFailed",
      data: { code: "stuck", message: "No progress in the research stage after 9 re-drives" },
    });
  });

  it("counts re-drives since the job's last progress, not over its whole life, and not a stage merely starting again", () => {
    const redriven = (stage: "research" | "write"): NewEvent => ({
      type: "StageRedriven",
      data: { stage, run: 1, attempt: 1 },
    });
    const started: NewEvent = { type: "ResearchStarted", data: { run: 1 } };
    const stalled = foldJob("job_1", stored([requested, redriven("research"), started, redriven("research"), started]));
    expect(stalled.redrives).toBe(2);
    const report = recordResearch(fixtureReport("home composting"));
    const researched = foldJob(
      "job_1",
      stored([
        requested,
        redriven("research"),
        redriven("research"),
        { type: "ResearchCompleted", data: { run: 1, report } },
        redriven("write"),
      ]),
    );
    expect(researched.redrives).toBe(1);
    const later = Date.parse(researched.stageEnteredAt) + 901_000;
    expect(redrivePlan(researched, later, 900_000, 2)).toMatchObject({ next: { stage: "write" } });
  });

  it("records a wait for capacity only for the stage the job is in, while it runs, once its clock is half way to stuck", () => {
    const state = foldJob("job_1", stored([requested]));
    const at = (seconds: number) => T0 + seconds * 1000;
    expect(waitingPlan(state, "research", 60, at(300), 900_000)).toBeUndefined();
    expect(waitingPlan(state, "write", 60, at(500), 900_000)).toBeUndefined();
    expect(waitingPlan(state, "research", 59.2, at(500), 900_000)?.events).toEqual([
      { type: "StageWaiting", data: { stage: "research", run: 1, reason: "provider_capacity", waitSeconds: 60 } },
    ]);
    const failed = foldJob(
      "job_1",
      stored([requested, { type: "ArticleFailed", data: { code: "x", message: "y", stage: "research" } }]),
    );
    expect(waitingPlan(failed, "research", 60, at(500), 900_000)).toBeUndefined();
    const waited = foldJob(
      "job_1",
      stored([
        requested,
        { type: "StageWaiting", data: { stage: "research", run: 1, reason: "provider_capacity", waitSeconds: 7200 } },
      ]),
    );
    // A wait counts for an hour at most.
    expect(Date.parse(waited.stageEnteredAt)).toBe(T0 + 1000 + 3_600_000);
  });

  it("adds up the waits for capacity since the job's last progress, from its clock at the first one", () => {
    const wait: NewEvent = {
      type: "StageWaiting",
      data: { stage: "write", run: 1, reason: "provider_capacity", waitSeconds: 3600 },
    };
    const report = recordResearch(fixtureReport("home composting"));
    const researched: NewEvent = { type: "ResearchCompleted", data: { run: 1, report } };
    const waiting = foldJob("job_1", stored([requested, researched, wait, wait]));
    // The clock was at the research's completion (second 1) when the first wait was recorded.
    expect(waiting.waitingSince).toBe(new Date(T0 + 1000).toISOString());
    expect(waitedTooLong(waiting, T0 + 1000 + 7_199_999, 7_200_000)).toBeUndefined();
    expect(waitedTooLong(waiting, T0 + 1000 + 7_300_000, 7_200_000)).toBe(7_300_000);
    const researchWait: NewEvent = { ...wait, data: { ...wait.data, stage: "research" } } as NewEvent;
    const progressed = foldJob("job_1", stored([requested, researchWait, researchWait, researched]));
    expect(progressed.waitingSince).toBeUndefined();
    expect(waitedTooLong(progressed, T0 + 99_000_000, 7_200_000)).toBeUndefined();
  });

  it("treats a stream as finished after its terminal event until a regeneration", () => {
    const done = stored([requested, { type: "ArticleFailed", data: { code: "x", message: "y", stage: "write" } }]);
    expect(finishedAfter(done, false)).toBe(true);
    expect(
      finishedAfter(stored([{ type: "RegenerationRequested", data: { from: "research", run: 2 } }], 3), true),
    ).toBe(false);
  });

  it("caps the recorded research so an event row stays small", () => {
    const report = fixtureReport("home composting");
    const huge = "word ".repeat(100_000);
    const big = { ...report, sources: report.sources.map((s) => ({ ...s, text: huge, paragraphs: [huge, "short"] })) };
    const recorded = recordResearch(big);
    expect(JSON.stringify(recorded).length).toBeLessThan(500_000);
    expect(recorded.sources.every((s) => s.text.length <= 20_000)).toBe(true);
  });
});

describe("a keyword as accepted", () => {
  it("drops the invisible characters no word has, so a pasted soft hyphen does not split the keyword's terms", () => {
    const page = {
      title: "Home composting for beginners",
      headings: [{ text: "Composting at home" }],
      text: "Home composting turns kitchen scraps into soil. ".repeat(40),
    };
    for (const typed of ["home com\u00adposting", "\u200ehome composting\u200f", "home compost\u2060ing\ufeff"]) {
      const { keyword } = ArticleRequestSchema.parse({ keyword: typed });
      expect(keyword, JSON.stringify(typed)).toBe("home composting");
      expect(relevanceTo(keyword, page)).toBeGreaterThanOrEqual(RELEVANCE_THRESHOLD);
    }
    // The joiners are part of how Persian, Indic scripts and emoji are spelled, and stay.
    expect(ArticleRequestSchema.parse({ keyword: "\u0645\u06cc\u200c\u062e\u0648\u0627\u0645" }).keyword).toContain(
      "\u200c",
    );
  });
});

describe("the keyword's normal form", () => {
  it("is one for a keyword typed with composed or decomposed accents, in any case and spacing", () => {
    const composed = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(normaliseKeyword(`  ${decomposed.toUpperCase()}\t`)).toBe(normaliseKeyword(composed));
    expect(normaliseKeyword(decomposed)).toBe("caf\u00e9 cr\u00e8me br\u00fbl\u00e9e");
  });

  it("is one for a keyword pasted with invisible format characters in it: single flight, guard, cache and batch see one", async () => {
    const plain = "home composting";
    const spellings = [
      "home\u200b composting", // zero-width space
      "home com\u00adposting", // soft hyphen
      "\u200ehome composting\u200f", // direction marks
      "home\ufeff composting", // a byte-order mark inside
      "home com\u200dposting\u200c", // zero-width joiner and non-joiner
      "\u2066home composting\u2069", // an isolate around it
    ];
    for (const spelling of spellings) expect(normaliseKeyword(spelling), JSON.stringify(spelling)).toBe(plain);
    expect(distinctKeywords([plain, ...spellings])).toEqual([plain]);
    const key = (keyword: string) => searchKey({ provider: "searxng", keyword, limit: 8 });
    expect(await key("home\u200bcomposting")).toBe(await key("homecomposting"));
  });
});
