import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createTenant } from "./helpers";
import { article, EIFFEL, source } from "./quality-fixtures";

/** Each fuzz property gets its own tenant so the per-tenant rate limit never answers instead of the route. */
const freshKey = async () => bearer((await createTenant("Analyst")).key);

const seo = (headers: Record<string, string>, json: unknown) =>
  call("/v1/analyze/seo", { method: "POST", headers, json });
const quality = (headers: Record<string, string>, json: unknown) =>
  call("/v1/analyze/quality", { method: "POST", headers, json });

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = (await response.json()) as { type: string; status: number };
  expect(body.status).toBe(status);
  return body;
}

const SCRIPTS = [
  "東京タワーは高い。",
  "مرحبا بالعالم، هذا نص عربي.",
  "🚀🔥 emoji 👩‍👩‍👧 text 🎉",
  "Ünïcödé naïve café",
  "\u0000\u0001\u200b\ufeff",
];
const strangeText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 400 }),
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc.array(fc.constantFrom(...SCRIPTS), { maxLength: 30 }).map((parts) => parts.join(" ")),
  fc
    .array(
      fc.constantFrom(
        "<div>",
        "</div>",
        "<p>",
        "<h1>",
        "<h4>",
        "</h2>",
        "<a href='//x'>",
        "<img>",
        "<script>",
        "# ",
        "> ",
        "- ",
        "[1]",
        "\n\n",
        "word",
        "?",
        ".",
      ),
      {
        maxLength: 200,
      },
    )
    .map((parts) => parts.join("")),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${"<div>".repeat(n)}deep${"</div>".repeat(n)}`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${"> ".repeat(n)}deep quote`),
);

describe("POST /v1/analyze/seo", () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    auth = await freshKey();
  });

  it("analyses Markdown and answers with the documented shape", async () => {
    const response = await seo(auth, {
      content:
        "# Cold brew coffee\n\nCold brew coffee is coffee steeped in cold water for hours.\n\n## How to make cold brew\n\nMix and wait.",
      format: "markdown",
      keyphrase: "cold brew coffee",
      title: "Cold brew coffee: how to make it at home",
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { score: number; grade: string; checks: { id: string; status: string }[] };
    expect(body.score).toBeGreaterThanOrEqual(0);
    expect(body.grade).toMatch(/^[A-F]$/);
    expect(body.checks.find((c) => c.id === "titleKeyphrase")?.status).toBe("good");
    expect(body.checks.find((c) => c.id === "singleH1")?.status).toBe("good");
  });

  it("analyses a fragment that opens with many comments (a pattern once took minutes on it)", async () => {
    const content = `${"<!---->".repeat(60)}<h1>Cold brew coffee</h1><p>Cold brew coffee is steeped for hours.</p>`;
    const response = await seo(auth, { content, format: "html", keyphrase: "cold brew coffee" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checks: { id: string; status: string }[] };
    expect(body.checks.find((c) => c.id === "singleH1")?.status).toBe("good");
  });

  it("needs an API key", async () => {
    expect((await seo({}, { content: "x", format: "html", keyphrase: "x" })).status).toBe(401);
  });

  it.each([
    ["a missing keyphrase", { content: "x", format: "html" }],
    ["an unknown format", { content: "x", format: "pdf", keyphrase: "x" }],
    ["content that is not a string", { content: { nested: [1, 2] }, format: "html", keyphrase: "x" }],
    ["content over the cap", { content: "a".repeat(500_001), format: "html", keyphrase: "x" }],
    ["an unknown field", { content: "x", format: "html", keyphrase: "x", extra: true }],
    ["an array body", [1, 2, 3]],
    ["a null body", null],
  ])("rejects %s with problem+json", async (_name, body) => {
    const problem = await expectProblem(await seo(auth, body), 400);
    expect(problem.type).toBe("/problems/validation-failed");
  });

  it("rejects malformed and deeply nested JSON with problem+json", async () => {
    const headers = { ...auth, "content-type": "application/json" };
    await expectProblem(await call("/v1/analyze/seo", { method: "POST", headers, body: "{not json" }), 400);
    const nested = `${'{"content":'.repeat(5000)}"x"${"}".repeat(5000)}`;
    await expectProblem(await call("/v1/analyze/seo", { method: "POST", headers, body: nested }), 400);
  });

  it("handles huge content within the cap", async () => {
    const html = "<p>Plenty of simple words in one place. </p>".repeat(10_000).slice(0, 499_000);
    const response = await seo(auth, { content: html, format: "html", keyphrase: "simple words" });
    expect(response.status).toBe(200);
    const unbroken = await seo(auth, { content: "x".repeat(499_000), format: "markdown", keyphrase: "x" });
    expect(unbroken.status).toBe(200);
  }, 60_000);

  it("never fails on strange content (fuzz)", async () => {
    const key = await freshKey();
    await fc.assert(
      fc.asyncProperty(
        strangeText,
        strangeText,
        fc.constantFrom("html", "markdown"),
        async (content, keyphrase, format) => {
          const response = await seo(key, { content, format, keyphrase: `${keyphrase.trim().slice(0, 150)}k` });
          const body = (await response.json()) as { score?: number };
          expect(response.status).toBe(200);
          expect(body.score).toBeGreaterThanOrEqual(0);
          expect(body.score).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe("POST /v1/analyze/quality", () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    auth = await freshKey();
  });

  it("assesses an article against its sources", async () => {
    const response = await quality(auth, {
      article: article({
        sections: [{ heading: "Food", level: 2, body: "Bananas are loved by Norwegian schoolchildren [1]." }],
      }),
      sources: [source(1, EIFFEL)],
      options: { targetWords: 800 },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      score: number;
      checks: { id: string; findings: { message: string }[] }[];
    };
    expect(body.checks.map((c) => c.id)).toContain("structure");
    expect(body.checks.find((c) => c.id === "grounding")?.findings[0]?.message).toContain("Bananas");
  });

  it.each([
    ["no article", { sources: [] }],
    ["an article without sections", { article: { ...article(), sections: [] }, sources: [] }],
    ["a bad slug", { article: { ...article(), slug: "Not A Slug" }, sources: [] }],
    ["a source with an unknown status", { article: article(), sources: [{ ...source(1, "x"), status: "maybe" }] }],
    ["unknown options", { article: article(), sources: [], options: { tone: "sarcastic" } }],
  ])("rejects %s with problem+json", async (_name, body) => {
    await expectProblem(await quality(auth, body), 400);
  });

  it("never fails on strange article text or sources (fuzz)", async () => {
    const key = await freshKey();
    await fc.assert(
      fc.asyncProperty(
        strangeText,
        strangeText,
        strangeText,
        fc.constantFrom("llm", "extractive"),
        async (intro, body, text, kind) => {
          const response = await quality(key, {
            article: article({
              kind: kind as "llm" | "extractive",
              intro: `${intro}.`,
              sections: [{ heading: "Section", level: 2, body: `${body} [1] [2]` }],
              faq: [{ question: "Why?", answer: `${intro} [9]` }],
            }),
            sources: [source(1, text), source(2, body, "failed")],
          });
          expect(response.status).toBe(200);
          const report = (await response.json()) as { score: number };
          expect(report.score).toBeGreaterThanOrEqual(0);
          expect(report.score).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
