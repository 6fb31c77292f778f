import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Pacer } from "../src/adapters/fetch/pacing";
import { SafePageFetcher } from "../src/adapters/fetch/page-fetcher";
import { RobotsCache } from "../src/adapters/fetch/robots";
import { EventStore } from "../src/adapters/storage/events";
import { createCache } from "../src/composition/cache";
import { submitArticleJob } from "../src/core/app/submit";
import type { PipelinePorts } from "../src/core/jobs/ports";
import { type ArticleRequestInput, ArticleRequestSchema } from "../src/core/jobs/request";
import type { CacheCounts } from "../src/core/ports/cache";
import type { SearchPort } from "../src/core/ports/search";
import { runResearch } from "../src/core/research/stage";
import type { StageMessage } from "../src/queues/messages";
import { researchConsumer } from "../src/queues/research";
import { writeConsumer } from "../src/queues/write";
import { capturingQueues, deliver, fixturePage, testPorts } from "./jobs-fixtures";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
let runs = 0;

/** One tenant's pipeline with the real three-tier cache; `submit` runs a job to its end. */
function tenantPipeline(tenantId: string, researchPort?: PipelinePorts["research"]) {
  const capture = capturingQueues();
  const { ports, calls } = testPorts();
  const cached = (): PipelinePorts => ({
    ...ports(),
    ...(researchPort ? { research: researchPort } : {}),
    cache: createCache(env),
  });
  const research = researchConsumer(cached, capture.services);
  const write = writeConsumer(cached, capture.services);
  const store = new EventStore(env.DB);
  async function submit(request: ArticleRequestInput) {
    const job = await submitArticleJob(capture.services(env), tenantId, ArticleRequestSchema.parse(request), {
      traceId: TRACE,
      origin: "api",
    });
    while (capture.sent.length) {
      const message = capture.sent.shift() as StageMessage;
      if (message.stage !== "deliver") await deliver(message.stage === "research" ? research : write, message);
    }
    return store.read(job.id);
  }
  return { submit, calls };
}

const KEYWORD = "home composting";

describe("finished articles in the cache", { timeout: 30_000 }, () => {
  it("answers a tenant's identical request with its earlier article, with no writer call", async () => {
    const tenant = `ten_cache_art_${++runs}`;
    const { submit, calls } = tenantPipeline(tenant);
    const first = await submit({ keyword: KEYWORD });
    expect(calls.write).toBe(1);
    const second = await submit({ keyword: "  Home   Composting " });
    expect(calls.write).toBe(1);
    const draft = second.find((e) => e.type === "DraftWritten");
    const firstDraft = first.find((e) => e.type === "DraftWritten");
    expect(draft?.type === "DraftWritten" && draft.data).toMatchObject({
      usage: [],
      reusedFrom: first[0]?.streamId,
      article: firstDraft?.type === "DraftWritten" ? firstDraft.data.article : undefined,
    });
    expect(second.at(-1)?.type).toBe("ArticleCompleted");
    // Articles are kept in D1 too, under the tenant's own prefix.
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM cache_entries WHERE key LIKE ?")
      .bind(`article:t:${tenant}:%`)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it("writes anew for fresh: true, and for the same keyword with other options", async () => {
    const { submit, calls } = tenantPipeline(`ten_cache_art_${++runs}`);
    await submit({ keyword: KEYWORD });
    const fresh = await submit({ keyword: KEYWORD, fresh: true });
    expect(calls.write).toBe(2);
    expect(fresh.find((e) => e.type === "DraftWritten" && e.data.reusedFrom)).toBeUndefined();
    await submit({ keyword: KEYWORD, options: { tone: "casual" } });
    expect(calls.write).toBe(3);
  });

  it("never hands one tenant's article to another tenant", async () => {
    const a = tenantPipeline(`ten_cache_art_${++runs}`);
    const b = tenantPipeline(`ten_cache_art_${++runs}`);
    await a.submit({ keyword: KEYWORD });
    const other = await b.submit({ keyword: KEYWORD });
    expect(b.calls.write).toBe(1);
    expect(other.find((e) => e.type === "DraftWritten" && e.data.reusedFrom)).toBeUndefined();
  });
});

/**
 * A web whose pages a test can change, searched and fetched by the real research stage through the real cache,
 * on a clock the test drives (when a cached page is stale and must be asked for again).
 */
function changingWeb() {
  let now = Date.now();
  const clock = { now: () => now };
  const host = (n: number) => `changing-${runs}-${n}.example`;
  const urls = [1, 2, 3].map((n) => `https://${host(n)}/composting`);
  const pages = new Map(urls.map((url, i) => [url, { etag: '"v1"', html: fixturePage(i + 1) }]));
  const requests: { url: string; ifNoneMatch: string | null; status: number }[] = [];
  const pacer: Pacer = { wait: async () => () => {} };
  const fetcher = new SafePageFetcher({
    fetch: async (url, init) => {
      if (url.endsWith("/robots.txt")) return new Response("User-agent: *\nAllow: /\n");
      const page = pages.get(url);
      const ifNoneMatch = new Headers(init.headers).get("if-none-match");
      const status = !page ? 404 : ifNoneMatch === page.etag ? 304 : 200;
      requests.push({ url, ifNoneMatch, status });
      if (!page) return new Response("not found", { status });
      if (status === 304) return new Response(null, { status, headers: { etag: page.etag } });
      return new Response(page.html, { headers: { "content-type": "text/html; charset=utf-8", etag: page.etag } });
    },
    userAgent: "OptiBlogEdge/0.1",
    clock,
    pacer,
    robots: new RobotsCache(clock, 0),
  });
  const search: SearchPort = {
    name: "changing-web",
    endpoint: `https://search.${host(0)}/`,
    search: async () =>
      urls.map((url, i) => ({
        url,
        title: `Home composting guide ${i + 1}`,
        snippet: "",
        rank: i + 1,
        engine: "stub",
      })),
  };
  const research: PipelinePorts["research"] = (input) =>
    runResearch(input, { search, fetcher, cache: createCache(env), clock });
  return {
    research,
    requests,
    urls,
    change: (url: string, etag: string, html: string) => pages.set(url, { etag, html }),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("a cached page that changed at its origin", { timeout: 60_000 }, () => {
  it("is read and extracted again, and the job writes a new article instead of reusing the old one", async () => {
    const web = changingWeb();
    const { submit, calls } = tenantPipeline(`ten_cache_art_${++runs}`, web.research);
    const researched = (events: Awaited<ReturnType<typeof submit>>) => {
      const done = events.find((e) => e.type === "ResearchCompleted");
      if (done?.type !== "ResearchCompleted") throw new Error("no research");
      return done.data.report;
    };
    const reused = (events: Awaited<ReturnType<typeof submit>>) =>
      events.flatMap((e) => (e.type === "DraftWritten" ? [e.data.reusedFrom ?? null] : []));

    const first = await submit({ keyword: KEYWORD });
    expect(calls.write).toBe(1);
    // The same request while the pages are fresh: no request to the web, the article reused.
    const same = await submit({ keyword: KEYWORD });
    expect(reused(same)).toEqual([first[0]?.streamId]);
    expect(web.requests).toHaveLength(3);

    // The first page changes (new ETag, new words); the cached copies go stale.
    const [changed] = web.urls;
    const newWords = "Bokashi bins ferment kitchen scraps before they go into the composting heap.";
    web.change(changed as string, '"v2"', fixturePage(7).replace("<h2>", `<p>${newWords}</p><h2>`));
    web.advance(7 * 3600_000);
    const after = await submit({ keyword: KEYWORD });

    // Each stale page was asked for with its ETag: the two unchanged ones answered 304, the changed one its new body.
    expect(
      web.requests
        .slice(3)
        .map((r) => [r.url, r.ifNoneMatch, r.status])
        .sort(),
    ).toEqual(
      [
        [web.urls[0], '"v1"', 200],
        [web.urls[1], '"v1"', 304],
        [web.urls[2], '"v1"', 304],
      ].sort(),
    );
    const report = researched(after);
    const source = report.sources.find((s) => s.url === changed);
    expect(source).toMatchObject({ status: "ok", cache: "origin" });
    expect(source?.text).toContain("Bokashi bins ferment");
    expect(report.sources.filter((s) => s.cache === "revalidated")).toHaveLength(2);
    // The changed HTML was extracted anew; the revalidated pages' extractions came from the cache.
    expect((report as { cache?: CacheCounts }).cache?.extract?.origin).toEqual({ hits: 0, misses: 1 });
    // Other source contents: another article key, so the writer writes and nothing stale is served.
    expect(reused(after)).toEqual([null]);
    expect(calls.write).toBe(2);
    // The new article is the one the next identical request gets.
    const next = await submit({ keyword: KEYWORD });
    expect(reused(next)).toEqual([after[0]?.streamId]);
    expect(calls.write).toBe(2);
  });
});
