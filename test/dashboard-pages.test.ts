import { describe, expect, it } from "vitest";
import { DEFAULT_VALUES } from "../src/dashboard/job-form";
import { dashboardWith, documentOf, form, json, signedIn, stubApi } from "./dashboard-helpers";

/** Pages rendered over a stubbed API: what the dashboard asks for and how it shows the answers. */
const article = {
  kind: "extractive",
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
const completedJob = {
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
    { url: "https://b.example/thin", status: "invalid", reason: "too_few_words", title: "Thin", wordCount: 90 },
  ],
  usage: { calls: 3, inputTokens: 12000, outputTokens: 3400, costUsd: 0.0123 },
};
const seoReport = {
  score: 81,
  grade: "B",
  checks: [{ id: "keyphraseInTitle", score: 100, status: "good", message: "The keyphrase opens the title." }],
};
const finding = (check: string, message: string) => ({ check, severity: "high", message, instruction: "Fix it." });
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
    "POST /v1/analyze/seo": () => json(seoReport),
  });
  const visit = dashboardWith(api.fetch);

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
    expect(text).toContain("12,000");
    expect(text).toContain("$0.0123");
    const steps = [...document.querySelectorAll(".timeline li strong")].map((li) => li.textContent);
    expect(steps).toEqual(["Article Requested", "Assessment Completed", "Assessment Completed", "Article Completed"]);
    expect(text).not.toContain("A worse draft.");
    expect(document.querySelector(".timeline li:last-child .detail")?.textContent).toBe("score 73 · max attempts");
    expect(document.querySelector("[data-live-events]")).toBeNull();
    expect(api.calls.every((request) => request.headers.get("authorization") === "Bearer obk_stubbed")).toBe(true);
    const seoCall = api.calls.find((request) => new URL(request.url).pathname === "/v1/analyze/seo");
    const seoRequest = (await seoCall?.json()) as Record<string, unknown>;
    expect(seoRequest).toMatchObject({
      format: "markdown",
      keyphrase: "home compost",
      slug: "home-compost",
      targetWords: 1200,
    });
    expect(seoRequest.content).toContain("## Greens and browns");
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
    const running = { ...completedJob, status: "writing", scores: null, article: undefined };
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
  });

  it("answers an unknown or malformed job id with a 404 page", async () => {
    const { cookie } = await signedIn();
    expect((await visit("/dashboard/jobs/art_missing", { headers: { cookie } })).status).toBe(404);
    expect((await visit("/dashboard/jobs/bad%20id!", { headers: { cookie } })).status).toBe(404);
  });
});

describe("new-article form", () => {
  it("renders every request option with a label", async () => {
    const { cookie } = await signedIn();
    const document = await documentOf(
      await dashboardWith(stubApi({}).fetch)("/dashboard/jobs/new", { headers: { cookie } }),
    );
    for (const name of Object.keys(DEFAULT_VALUES)) {
      const control = document.querySelector(`[name="${name}"]`);
      expect(control, name).not.toBeNull();
      const label = document.querySelector(`label[for="${control?.getAttribute("id")}"]`);
      expect(label?.textContent?.trim(), name).toBeTruthy();
    }
    expect(document.querySelectorAll('select[name="tone"] option').length).toBe(5);
  });

  it("posts all options to the API and redirects to the new job", async () => {
    const api = stubApi({ "POST /v1/articles": () => json({ id: "art_new", status: "queued" }, 202) });
    const { cookie, csrf } = await signedIn();
    const fields = {
      _csrf: csrf,
      submission: "A".repeat(22),
      keyword: "home composting",
      tone: "casual",
      audience: "beginners",
      contentType: "tutorial",
      targetWords: "1200",
      includeFaq: "on",
      focusKeywords: "compost bin, worms",
      language: "en",
      seoThreshold: "70",
      maxAttempts: "2",
      urls: "http://127.0.0.1:9000/a\nhttp://127.0.0.1:9000/b",
      excludeDomains: "spam.example",
    };
    const response = await dashboardWith(api.fetch)("/dashboard/jobs/new", {
      method: "POST",
      headers: { cookie, "content-type": form(fields)["content-type"] },
      body: form(fields).body,
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard/jobs/art_new");
    expect(api.calls[0]?.headers.get("idempotency-key")).toBe(`dashboard-${"A".repeat(22)}`);
    expect(await api.calls[0]?.json()).toEqual({
      keyword: "home composting",
      options: {
        tone: "casual",
        audience: "beginners",
        contentType: "tutorial",
        targetWords: 1200,
        includeFaq: true,
        includeToc: false,
        includeConclusion: false,
        focusKeywords: ["compost bin", "worms"],
        language: "en",
      },
      seoThreshold: 70,
      maxAttempts: 2,
      urls: ["http://127.0.0.1:9000/a", "http://127.0.0.1:9000/b"],
      excludeDomains: ["spam.example"],
    });
  });

  it("shows the API's validation problems next to their fields and keeps what was typed", async () => {
    const problem = {
      status: 400,
      title: "Validation failed",
      errors: [
        { path: "options.targetWords", message: "Too small: expected number to be >=800" },
        { path: "urls.0", message: "Invalid URL" },
        { path: "webhookUrl", message: "Unexpected" },
      ],
    };
    const api = stubApi({ "POST /v1/articles": () => json(problem, 400) });
    const { cookie, csrf } = await signedIn();
    const fields = { _csrf: csrf, keyword: "compost", targetWords: "10", urls: "not a url" };
    const response = await dashboardWith(api.fetch)("/dashboard/jobs/new", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    expect(response.status).toBe(400);
    const document = await documentOf(response);
    expect(document.querySelector("#field-targetWords")?.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector("#field-targetWords-error")?.textContent).toContain(">=800");
    expect(document.querySelector("#field-targetWords")?.getAttribute("aria-describedby")).toContain(
      "field-targetWords-error",
    );
    expect(document.querySelector("#field-urls-error")?.textContent).toContain("Invalid URL");
    expect(document.querySelector('[role="alert"]')?.textContent).toContain("webhookUrl: Unexpected");
    expect(document.querySelector("#field-keyword")?.getAttribute("value")).toBe("compost");
    expect(document.querySelector("#field-urls")?.textContent).toBe("not a url");
  });
});

describe("jobs list and analytics", () => {
  const summary = (id: string, status: string, createdAt: string, extra = {}) => ({
    id,
    keyword: `kw ${id}`,
    status,
    scores: null,
    createdAt,
    ...extra,
  });

  it("passes the status and keyword filters and the cursor to the API and links the next page", async () => {
    const api = stubApi({
      "GET /v1/articles": () =>
        json({
          data: [
            summary("a", "failed", "2026-11-20T00:00:00Z", {
              error: { code: "no_sources", message: "Nothing usable" },
            }),
          ],
          nextCursor: "c2",
        }),
    });
    const { cookie } = await signedIn();
    const response = await dashboardWith(api.fetch)("/dashboard/jobs?status=failed&keyword=hooks&cursor=c1", {
      headers: { cookie },
    });
    const requested = new URL(api.calls[0]?.url ?? "");
    expect(requested.searchParams.get("status")).toBe("failed");
    expect(requested.searchParams.get("cursor")).toBe("c1");
    expect(requested.searchParams.get("keyword")).toBe("hooks");
    const document = await documentOf(response);
    expect(document.querySelector('a[rel="next"]')?.getAttribute("href")).toBe(
      "/dashboard/jobs?status=failed&keyword=hooks&cursor=c2",
    );
    expect(document.querySelector(".badge")?.textContent).toBe("Failed");
    expect(document.querySelector('select[name="status"] option[selected]')?.getAttribute("value")).toBe("failed");
  });

  it("shows tenant totals, jobs per day and failure reasons read from a bounded number of pages", async () => {
    const today = new Date().toISOString().slice(0, 10);
    let served = 0;
    const api = stubApi({
      "GET /v1/analytics": () =>
        json({
          jobs: 42,
          completions: 30,
          failures: 8,
          averageSeoScore: 80.5,
          averageQualityScore: 61,
          views: 7,
          ratings: { count: 0, average: null },
        }),
      "GET /v1/articles": () => {
        served++;
        return json({
          data: [
            summary(`c${served}`, "completed", `${today}T01:00:00Z`, { scores: { seo: 80, quality: 60, overall: 70 } }),
            summary(`f${served}`, "failed", `${today}T02:00:00Z`),
          ],
          nextCursor: `p${served}`,
        });
      },
      ...Object.fromEntries(
        [1, 2, 3, 4, 5].map((n) => [
          `GET /v1/articles/f${n}`,
          () =>
            json({
              ...summary(`f${n}`, "failed", `${today}T02:00:00Z`),
              error: { code: n < 5 ? "no_sources" : "write_failed", message: "x" },
            }),
        ]),
      ),
    });
    const { cookie } = await signedIn();
    const document = await documentOf(await dashboardWith(api.fetch)("/dashboard/analytics", { headers: { cookie } }));
    expect(served).toBe(5);
    const main = document.querySelector("main")?.textContent ?? "";
    expect(main).toContain("most recent jobs only");
    expect(document.querySelector("main dl")?.textContent).toMatch(
      /Jobs\s*42\s*Completed\s*30\s*Failed\s*8\s*In progress\s*4/,
    );
    const rows = [...document.querySelectorAll("figure table tbody tr")].map((row) => row.textContent);
    expect(rows).toContain(`${today.slice(5)}10`);
    expect(rows).toContain("no sources4");
    expect(rows).toContain("write failed1");
    expect(document.querySelectorAll("svg.chart[role='img'] title").length).toBe(2);
    expect(main).toContain("70/100");
    expect(main).toContain("81/100");
  });
});
