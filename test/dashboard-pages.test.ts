import { describe, expect, it } from "vitest";
import { DEFAULT_VALUES } from "../src/dashboard/job-form";
import { dashboardWith, documentOf, form, json, signedIn, stubApi } from "./dashboard-helpers";

/** Pages rendered over a stubbed API: what the dashboard asks for and how it shows the answers. */
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

  it("shows the API's validation problems next to their fields in plain words and keeps what was typed", async () => {
    const problem = {
      status: 400,
      title: "Validation failed",
      errors: [
        { path: "keyword", message: "Too small: expected string to have >=1 characters", code: "too_small" },
        { path: "options.targetWords", message: "Too small: expected number to be >=800", code: "too_small" },
        { path: "urls.0", message: "Invalid URL", code: "invalid_format" },
        { path: "urls.1", message: "Invalid URL", code: "invalid_format" },
        { path: "webhookUrl", message: "Unexpected", code: "custom" },
      ],
    };
    const api = stubApi({ "POST /v1/articles": () => json(problem, 400) });
    const { cookie, csrf } = await signedIn();
    const fields = { _csrf: csrf, keyword: " ", targetWords: "10", urls: "not a url\nnor this" };
    const response = await dashboardWith(api.fetch)("/dashboard/jobs/new", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    expect(response.status).toBe(400);
    const document = await documentOf(response);
    expect(document.querySelector("#field-keyword-error")?.textContent).toBe("Enter a keyword.");
    expect(document.querySelector("#field-targetWords")?.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector("#field-targetWords-error")?.textContent).toBe(
      "Target words must be a whole number between 800 and 5,000.",
    );
    expect(document.querySelector("#field-targetWords")?.getAttribute("aria-describedby")).toContain(
      "field-targetWords-error",
    );
    expect(document.querySelector("#field-urls-error")?.textContent).toBe(
      "Enter each source URL in full, starting with http:// or https://.",
    );
    expect(document.body.textContent).not.toContain("Too small");
    expect(document.querySelector('[role="alert"]')?.textContent).toContain("webhookUrl: Unexpected");
    expect(document.querySelector("#field-targetWords")?.getAttribute("value")).toBe("10");
    expect(document.querySelector("#field-urls")?.textContent).toBe("not a url\nnor this");
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

  it("lays the jobs table out as one card a job on a 390 px screen, each cell named by its column", async () => {
    const keyword = "compost".repeat(20);
    const api = stubApi({
      "GET /v1/articles": () =>
        json({
          data: [
            summary("a", "completed", "2026-11-20T00:00:00Z", {
              keyword,
              scores: { seo: 80, quality: 70, overall: 75 },
            }),
          ],
          nextCursor: null,
        }),
    });
    const { cookie } = await signedIn();
    const document = await documentOf(await dashboardWith(api.fetch)("/dashboard/jobs", { headers: { cookie } }));
    const headers = [...document.querySelectorAll(".jobs-table thead th")].map((th) => th.textContent);
    const labels = [...document.querySelectorAll(".jobs-table tbody tr:first-child td")].map((td) =>
      td.getAttribute("data-label"),
    );
    expect(labels).toEqual(headers);
    expect(document.querySelector(".jobs-table td.keyword a")?.textContent).toBe(keyword);

    const css = await (await dashboardWith(api.fetch)("/dashboard/assets/dashboard.css")).text();
    expect(css).toMatch(/\.jobs-table \.keyword, \.source-url \{[^}]*overflow-wrap: anywhere/);
    const narrow = /@media \(max-width: ([\d.]+)rem\) \{([\s\S]*?)\n\}/.exec(css);
    expect(Number(narrow?.[1]) * 16).toBeGreaterThanOrEqual(390);
    const rules = narrow?.[2] ?? "";
    expect(rules).toMatch(/\.jobs-table tr, \.jobs-table td \{ display: block;/);
    expect(rules).toMatch(/\.jobs-table thead \{[^}]*clip-path: inset\(50%\)/);
    expect(rules).toMatch(/\.jobs-table td:not\(\.keyword\)::before \{ content: attr\(data-label\)/);
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
      /Jobs\s*42\s*Runs completed\s*30\s*Runs failed\s*8\s*In progress\s*0/,
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
