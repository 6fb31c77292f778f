import { describe, expect, it } from "vitest";
import { dashboardWith, documentOf, json, signedIn, stubApi } from "./dashboard-helpers";

/** The job page over a stubbed API: scores, checks, sources, usage, timeline, live stream and a safe preview. */
const article = {
  kind: "llm",
  title: '<img src=x onerror="alert(1)">Compost',
  metaDescription: "How to compost at home.",
  slug: "home-compost",
  focusKeyphrase: "home compost",
  language: "en",
  intro: "Compost turns scraps into soil [1].",
  sections: [{ heading: "Greens and browns", level: 2, body: "Mix greens and browns <script>alert(3)</script> [1]." }],
  faq: [],
  citations: [{ marker: 1, sourceId: 1, location: "intro" }],
  sources: [{ id: 1, url: "https://a.example/guide", title: "Guide" }],
  wordCount: 1510,
  readingTimeMinutes: 7,
};
const finishedJob = {
  id: "art_1",
  keyword: "<script>alert('kw')</script> compost",
  status: "completed",
  stage: "done",
  attempts: 2,
  scores: { seo: 81, quality: 64, overall: 73 },
  passed: false,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-20T10:01:00.000Z",
  article,
  sources: [
    { url: "https://a.example/guide", status: "ok", title: "Guide", wordCount: 1800 },
    {
      url: "https://b.example/thin",
      status: "invalid",
      reason: "too_few_words",
      detail: "90 words, at least 300 needed",
      title: "Thin",
      wordCount: 90,
    },
  ],
  usage: { calls: 3, inputTokens: 12000, outputTokens: 3400, costUsd: 0.0123 },
};
const seoReport = {
  score: 81,
  grade: "B",
  checks: [{ id: "keyphraseInTitle", score: 100, status: "good", message: "The keyphrase opens the title." }],
};
const finding = (check: string, message: string) => ({ check, severity: "high", message, instruction: "Fix it." });
/** The read model names the kept draft's assessment: the page shows it without re-running any check. */
const completedJob = {
  ...finishedJob,
  assessment: {
    score: 73,
    seo: seoReport,
    quality: { score: 64 },
    findings: [finding("grounding", "Claim [2] is not in its source.")],
  },
};
const scores = { seo: 81, quality: 64, overall: 73 };
const events = {
  data: [
    {
      type: "ArticleRequested",
      version: 1,
      time: "2026-11-20T10:00:00.000Z",
      data: { request: { keyword: "compost", options: { targetWords: 1200 } }, origin: "api" },
    },
    {
      type: "AssessmentCompleted",
      version: 4,
      data: { run: 1, attempt: 1, scores, findings: [finding("grounding", "Claim [2] is not in its source.")] },
    },
    {
      type: "AssessmentCompleted",
      version: 7,
      data: {
        run: 1,
        attempt: 2,
        scores: { seo: 70, quality: 50, overall: 60 },
        findings: [finding("length", "A worse draft.")],
      },
    },
    {
      type: "ArticleCompleted",
      version: 8,
      time: "2026-11-20T10:01:00.000Z",
      data: { run: 1, bestAttempt: 1, passed: false, reason: "max_attempts", scores },
    },
    { type: "ArticleViewed", version: 9, time: "2026-11-20T10:02:00.000Z", data: { format: "html" } },
  ],
};
const hostileHtml = `<!doctype html><html><body><article><h1>Compost</h1><script>alert(1)</script><img src=x onerror="alert(2)"></article></body></html>`;

describe("job page", () => {
  const api = stubApi({
    "GET /v1/articles/art_1": () => json(completedJob),
    "GET /v1/articles/art_1/events": () => json(events),
    "GET /v1/articles/art_1?format=html": () => new Response(hostileHtml, { headers: { "content-type": "text/html" } }),
    "GET /v1/articles/art_2": () =>
      json({ ...completedJob, id: "art_2", article: { ...article, kind: "extractive" }, usage: { calls: 0 } }),
    "GET /v1/articles/art_2/events": () => json(events),
  });
  const visit = dashboardWith(api.fetch);

  it("shows no model calls, tokens or cost for an article from the extractive writer", async () => {
    const { cookie } = await signedIn();
    const response = await visit("/dashboard/jobs/art_2", { headers: { cookie } });
    expect(response.status).toBe(200);
    const text = (await documentOf(response)).querySelector("main")?.textContent ?? "";
    expect(text).toContain("73/100");
    expect(text).not.toContain("Model calls");
    expect(text).not.toContain("Cost and tokens");
  });

  it("shows scores, checks with their messages, sources with reasons, usage and the timeline", async () => {
    const { cookie } = await signedIn();
    const response = await visit("/dashboard/jobs/art_1", { headers: { cookie } });
    expect(response.status).toBe(200);
    const document = await documentOf(response);
    const text = document.querySelector("main")?.textContent ?? "";
    expect(text).toContain("73/100");
    expect(text).toContain("Completed");
    expect(text).toContain("The keyphrase opens the title.");
    expect(text).toContain("high · grounding: Claim [2] is not in its source.");
    expect(text).toContain("keyphrase in title");
    expect(text).toContain("too few words");
    expect(document.querySelector("td .source-detail")?.textContent).toBe("90 words, at least 300 needed");
    expect(text).toContain("12,000");
    expect(text).toContain("$0.0123");
    const steps = [...document.querySelectorAll(".timeline li strong")].map((li) => li.textContent);
    expect(steps).toEqual(["Article Requested", "Assessment Completed", "Assessment Completed", "Article Completed"]);
    expect(text).not.toContain("A worse draft.");
    expect(document.querySelector(".timeline li:last-child .detail")?.textContent).toBe("score 73 · max attempts");
    expect(document.querySelector("[data-live-events]")).toBeNull();
    expect(api.calls.every((request) => request.headers.get("authorization") === "Bearer obk_stubbed")).toBe(true);
    expect(api.calls.map((request) => new URL(request.url).pathname)).not.toContain("/v1/analyze/seo");
  });

  it("lists a redirected source under the URL the article cites, with the requested URL beside it", async () => {
    const cited = "https://a.example/guides/compost";
    const redirectedJob = {
      ...completedJob,
      article: { ...article, sources: [{ id: 1, url: cited, title: "Guide" }] },
      sources: [
        {
          url: "http://a.example/guide",
          finalUrl: cited,
          status: "ok",
          title: "Guide",
          wordCount: 1800,
          relevance: 0.8333,
          cache: "l2",
        },
        ...finishedJob.sources.slice(1),
      ],
    };
    const redirectedApi = stubApi({
      "GET /v1/articles/art_1": () => json(redirectedJob),
      "GET /v1/articles/art_1/events": () => json({ data: [] }),
    });
    const { cookie } = await signedIn();
    const document = await documentOf(
      await dashboardWith(redirectedApi.fetch)("/dashboard/jobs/art_1", { headers: { cookie } }),
    );
    const rows = [...document.querySelectorAll("tr")].filter((row) => row.querySelector(".source-url"));
    expect(rows.map((row) => row.querySelector("code.source-url")?.textContent)).toEqual([
      cited,
      "https://b.example/thin",
    ]);
    expect(rows[0]?.querySelector(".hint")?.textContent).toBe("requested as http://a.example/guide");
    expect(rows[1]?.querySelector(".hint:not(.source-detail)")).toBeNull();
    expect(rows[1]?.querySelector(".source-detail")?.textContent).toBe("90 words, at least 300 needed");
    expect(rows.map((row) => row.querySelector(".read-from")?.textContent)).toEqual(["cache (KV)", "—"]);
    expect(rows.map((row) => row.querySelector(".relevance")?.textContent)).toEqual(["0.83", "—"]);
  });

  it("keeps an article containing <script> and onerror= inert: escaped on the page, sandboxed in the preview", async () => {
    const { cookie } = await signedIn();
    const pageHtml = await (await visit("/dashboard/jobs/art_1", { headers: { cookie } })).text();
    expect(pageHtml).not.toContain("<script>alert");
    expect(pageHtml).not.toMatch(/<img[^>]*onerror/i);
    expect(pageHtml).toContain("&lt;script&gt;alert(&#39;kw&#39;)&lt;/script&gt;");
    const document = (await import("linkedom")).parseHTML(pageHtml).document;
    const frame = document.querySelector("iframe.preview");
    expect(frame?.getAttribute("sandbox")).toBe("");
    expect(frame?.getAttribute("src")).toBe("/dashboard/jobs/art_1/preview");
    expect(frame?.getAttribute("title")).toBeTruthy();

    const preview = await visit("/dashboard/jobs/art_1/preview", { headers: { cookie } });
    expect(preview.status).toBe(200);
    const csp = preview.headers.get("content-security-policy") ?? "";
    expect(csp.split("; ")).toContain("sandbox");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|allow-scripts|allow-same-origin/);
  });

  it("follows a running job live through a same-origin stream that drops event names", async () => {
    const running = { ...completedJob, status: "writing", scores: null, article: undefined, assessment: undefined };
    const sse = 'id: 3\nevent: DraftWritten\ndata: {"type":"DraftWritten","version":3}\n\n';
    const liveApi = stubApi({
      "GET /v1/articles/art_1": () => json(running),
      "GET /v1/articles/art_1/events": (request) =>
        request.headers.get("accept") === "text/event-stream"
          ? new Response(sse, { headers: { "content-type": "text/event-stream" } })
          : json({ data: events.data.slice(0, 1) }),
    });
    const live = dashboardWith(liveApi.fetch);
    const { cookie } = await signedIn();
    const document = await documentOf(await live("/dashboard/jobs/art_1", { headers: { cookie } }));
    expect(document.querySelector("[data-live-events]")?.getAttribute("data-live-events")).toBe(
      "/dashboard/jobs/art_1/events?after=1",
    );
    expect(document.querySelector('[role="status"]')).not.toBeNull();
    expect(document.querySelector("iframe")).toBeNull();

    const stream = await live("/dashboard/jobs/art_1/events", { headers: { cookie, "last-event-id": "2" } });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    expect(await stream.text()).toBe('id: 3\ndata: {"type":"DraftWritten","version":3}\n\n');
    expect(liveApi.calls.at(-1)?.headers.get("last-event-id")).toBe("2");
    // An id the API would refuse (more than nine digits) is not passed on: the stream starts over instead.
    await live("/dashboard/jobs/art_1/events", { headers: { cookie, "last-event-id": "1234567890" } });
    expect(liveApi.calls.at(-1)?.headers.get("last-event-id")).toBeNull();
  });

  it("answers HEAD on the live stream with its headers, asking the API with HEAD, so no stream is opened", async () => {
    const liveApi = stubApi({
      "HEAD /v1/articles/art_1/events": () => new Response(null, { headers: { "content-type": "text/event-stream" } }),
    });
    const live = dashboardWith(liveApi.fetch);
    const { cookie } = await signedIn();
    const response = await live("/dashboard/jobs/art_1/events", { method: "HEAD", headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(await response.text()).toBe("");
    expect(liveApi.calls.map((call) => call.method)).toEqual(["HEAD"]);
  });

  it("answers an unknown or malformed job id with a 404 page", async () => {
    const { cookie } = await signedIn();
    expect((await visit("/dashboard/jobs/art_missing", { headers: { cookie } })).status).toBe(404);
    expect((await visit("/dashboard/jobs/bad%20id!", { headers: { cookie } })).status).toBe(404);
  });
});
