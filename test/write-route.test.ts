import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DurableGuards } from "../src/adapters/guards/durable";
import { createApp } from "../src/app";
import { ARTICLE_CSP } from "../src/http/article-html";
import { bearer, call, createTenant } from "./helpers";
import { compostSources } from "./writing-fixtures";

let key = "";
let tenantId = "";
beforeAll(async () => {
  ({ key, id: tenantId } = await createTenant("Writers"));
});

const body = (extra: Record<string, unknown> = {}) => ({
  keyword: "compost",
  sources: compostSources(),
  options: { targetWords: 800 },
  ...extra,
});
const post = (json: unknown) => call("/v1/write", { method: "POST", headers: bearer(key), json });

describe("POST /v1/write with no LLM configured (extractive)", () => {
  it("returns a cited extractive article as JSON with usage", async () => {
    const res = await post(body());
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      writer: string;
      article: {
        kind: string;
        citations: { sourceId: number }[];
        sources: { id: number; url: string }[];
        disclaimer: string;
        jsonLd: unknown[];
      };
      usage: unknown[];
    };
    expect(out.writer).toBe("extractive");
    expect(out.article.kind).toBe("extractive");
    expect(out.article.citations.length).toBeGreaterThan(3);
    // Numbered 1..n in the order first cited; the source that failed (compost-3) is never among them.
    expect(out.article.sources.map((s) => s.id)).toEqual(out.article.sources.map((_, i) => i + 1));
    expect(out.article.sources.map((s) => s.url)).not.toContain("https://example.org/compost-3");
    expect(out.article.disclaimer).toMatch(/research draft/i);
    expect(out.article.jsonLd.length).toBe(2);
    expect(out.usage.length).toBe(1);
  });

  it("returns the same article as HTML and as Markdown with front matter", async () => {
    const html = await post(body({ format: "html", canonicalUrl: "https://blog.example/compost" }));
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.headers.get("content-security-policy")).toBe(ARTICLE_CSP);
    expect(html.headers.get("x-content-type-options")).toBe("nosniff");
    const page = await html.text();
    expect(page).toContain('<link rel="canonical" href="https://blog.example/compost">');
    expect(page).toMatch(/<a class="citation" href="#source-1"/);
    expect(page).toContain('<li id="source-1" value="1">');

    const md = await post(body({ format: "markdown" }));
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    const text = await md.text();
    expect(text.startsWith("---\ntitle: ")).toBe(true);
    expect(text).toMatch(/\n\[1\]: <https:\/\/example\.org\/compost-\d>/);
    expect(text).toMatch(/\n1\. .+\n2\. /);
  });

  it("rejects a malformed request with a 400 problem naming the fields", async () => {
    const res = await post({ keyword: "", sources: [], format: "pdf" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["keyword", "sources", "format"]));
  });

  it("rejects unknown options and duplicate source ids", async () => {
    const dup = compostSources();
    dup.push({ ...(dup[0] as (typeof dup)[number]) });
    expect((await post(body({ sources: dup }))).status).toBe(400);
    expect((await post(body({ options: { tone: "sarcastic" } }))).status).toBe(400);
  });

  it("accepts a failed source with any URL but not an ok source without an http(s) one", async () => {
    const sources = compostSources().map((s) => (s.id === 3 ? { ...s, url: "not a url" } : s));
    expect((await post(body({ sources }))).status).toBe(200);
    const bad = compostSources().map((s) => (s.id === 1 ? { ...s, url: "javascript:alert(1)" } : s));
    expect((await post(body({ sources: bad }))).status).toBe(400);
  });

  it("answers 422 when no source was retrieved", async () => {
    const res = await post(body({ sources: compostSources().filter((s) => s.status !== "ok") }));
    expect(res.status).toBe(422);
  });

  it("needs an API key", async () => {
    expect((await call("/v1/write", { method: "POST", json: body() })).status).toBe(401);
  });
});

describe("POST /v1/write with an OpenAI-compatible server configured", () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  // The provider's guard (`provider:<name>`) keeps its breaker and rate state across tests: each test gets a provider
  // of its own, so a rate-limited answer in one test does not hold back the next.
  let providerName = "";
  let llmEnv = env as Env;
  beforeEach(() => {
    providerName = `local-${crypto.randomUUID().slice(0, 8)}`;
    const provider = JSON.stringify([
      { name: providerName, type: "openai-compatible", model: "qwen-test", baseUrl: "http://127.0.0.1:9/v1" },
    ]);
    llmEnv = { ...env, LLM_PROVIDERS: provider, LLM_PRICES: '{"qwen-test":{"input":1,"output":2}}' } as Env;
  });

  /** Answers like a chat-completions server: JSON content chosen by what the prompt asks for. */
  function chatServer(reply: (prompt: string) => Response | string) {
    const calls: { url: string; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      const parsed = JSON.parse(String(init?.body ?? "{}"));
      calls.push({ url, body: parsed });
      const prompt = parsed.messages?.map((m: { content: string }) => m.content).join("\n") ?? "";
      const answer = reply(prompt);
      if (answer instanceof Response) return answer;
      return Response.json({
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 0,
        model: parsed.model,
        choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
        usage: { prompt_tokens: 300, completion_tokens: 60, total_tokens: 360 },
      });
    }) as typeof fetch;
    return calls;
  }

  const goodAnswers = (prompt: string) =>
    prompt.includes("Plan an article")
      ? JSON.stringify({
          title: "Composting at Home",
          metaDescription: "Composting at home, from greens and browns to heat and time.",
          sections: [
            { heading: "How compost works", level: 2, keyPoints: ["heat"] },
            { heading: "Greens and browns", level: 2, keyPoints: [] },
          ],
          faqQuestions: ["How long does compost take?"],
        })
      : prompt.includes("Write the body of the section")
        ? JSON.stringify({ body: "Microbes heat the pile [2]." })
        : JSON.stringify({
            intro: "Compost turns scraps into soil [1].",
            faq: [{ question: "How long does compost take?", answer: "Two to three months [2]." }],
            conclusion: { body: "Keep it balanced [1].", callToAction: "Start today." },
          });

  async function postWithLlm(json: unknown, extraEnv: Partial<Env> = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const request = new Request("http://localhost/v1/write", {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json" },
      body: JSON.stringify(json),
    });
    const res = await createApp().fetch(request, { ...llmEnv, ...extraEnv } as Env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("sends the calls to <baseUrl>/chat/completions with the configured model", async () => {
    const calls = chatServer(goodAnswers);
    const res = await postWithLlm(body());
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      writer: string;
      article: { kind: string };
      usage: { costUsd: number; model: string }[];
    };
    expect(out.article.kind).toBe("llm");
    expect(out.writer).toBe(`llm:${providerName}:qwen-test`);
    expect(calls.length).toBe(4);
    for (const c of calls) {
      expect(c.url).toBe("http://127.0.0.1:9/v1/chat/completions");
      expect(c.body.model).toBe("qwen-test");
    }
    expect(out.usage.every((u) => u.model === "qwen-test" && u.costUsd === (300 * 1 + 60 * 2) / 1e6)).toBe(true);
  });

  it("records every call in the tenant's ledger, and answers 429 problem+json when the plan's job cap would be crossed", async () => {
    chatServer(goodAnswers);
    const today = new Date().toISOString().slice(0, 10);
    const ledger = new DurableGuards(env.GUARD).ledger(tenantId);
    const before = (await ledger.usage(today, today)).reduce((sum, row) => sum + row.calls, 0);
    expect((await postWithLlm(body())).status).toBe(200);
    const after = (await ledger.usage(today, today)).reduce((sum, row) => sum + row.calls, 0);
    expect(after - before).toBe(4);

    const calls = chatServer(goodAnswers);
    const capped = await postWithLlm(body(), { PLAN_BUDGETS: '{"default":{"jobTokens":500}}' } as Partial<Env>);
    expect(capped.status).toBe(429);
    expect(capped.headers.get("content-type")).toContain("application/problem+json");
    expect(((await capped.json()) as { type: string }).type).toBe("/problems/budget-exceeded");
    expect(calls).toHaveLength(0);
  });

  it("answers 502 invalid_model_output when the server's answer stays invalid", async () => {
    chatServer(() => "this is not json");
    const res = await postWithLlm(body());
    expect(res.status).toBe(502);
    expect(((await res.json()) as { type: string }).type).toBe("/problems/invalid_model_output");
  });

  it("answers 503 with Retry-After when the server is rate limiting for longer than a call waits in place", async () => {
    chatServer(() =>
      Response.json({ error: { message: "slow down" } }, { status: 429, headers: { "retry-after": "30" } }),
    );
    const res = await postWithLlm(body());
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
  });
});
