// npm run fuzz [-- --runs 10000 --seed N --http-share 0.5 --max-page-ms 5000 --time-limit-minutes 9]
// Two targets: every operation of /openapi.json against `wrangler dev` (no 5xx, errors as documented
// problem+json, the server still healthy and still finishing a job afterwards), and, in process, the extractor and
// the SEO and quality analysers on generated and mutated HTML (no throw, bounded time per page). Counterexamples
// are shrunk, printed and saved under test/fuzz-cases/ (replayed first by every run, and by the unit suite).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { analysePage } from "./fuzz/analysers";
import { html } from "./fuzz/html";
import { type FuzzRequest, judge, operations, requestArbitrary, type Spec, send, type Target } from "./fuzz/http";
import { callApi } from "./lib/bench-api.mjs";
import { readOptions } from "./lib/cli.mjs";
import { markdownTable, writeReadmeResults } from "./lib/readme-results.mjs";
import { startStack } from "./lib/stack.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CASES = path.join(ROOT, "test", "fuzz-cases");
const USAGE =
  "npm run fuzz -- [--runs 10000] [--seed N] [--http-share 0.5] [--max-page-ms 5000] [--time-limit-minutes 9]";
const { values } = readOptions(
  {
    options: {
      runs: { type: "string", default: "10000" },
      seed: { type: "string" },
      "http-share": { type: "string", default: "0.5" },
      "max-page-ms": { type: "string", default: "5000" },
      "time-limit-minutes": { type: "string", default: "9" },
      out: { type: "string", default: "bench/results/fuzz.json" },
      readme: { type: "boolean", default: false },
    },
  },
  USAGE,
);
const runs = Number(values.runs);
const share = Number(values["http-share"]);
const maxPageMs = Number(values["max-page-ms"]);
if (!Number.isInteger(runs) || runs < 2 || !(share >= 0 && share <= 1) || !(maxPageMs > 0)) {
  console.error("--runs must be an integer ≥ 2, --http-share between 0 and 1, --max-page-ms > 0");
  process.exit(2);
}
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const started = Date.now();
const deadline = started + Number(values["time-limit-minutes"]) * 60_000;
const httpRuns = Math.round(runs * share);
const pageRuns = runs - httpRuns;
const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const digest = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

function save(kind: "http" | "analysers", content: string, extension: string): string {
  const dir = path.join(CASES, kind);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${digest(content)}.${extension}`);
  writeFileSync(file, content);
  return path.relative(ROOT, file);
}
const saved = (kind: string, extension: string) => {
  const dir = path.join(CASES, kind);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(`.${extension}`))
        .map((name) => readFileSync(path.join(dir, name), "utf8"))
    : [];
};

const failures: string[] = [];
const MAX_BODY_BYTES = 65_536;

async function api(
  baseUrl: string,
  token: string,
  method: string,
  pathName: string,
  body?: unknown,
): Promise<{ id: string; status: string }> {
  return (await callApi(baseUrl, token, method, pathName, body)) as { id: string; status: string };
}

async function untilJobEnds(baseUrl: string, key: string, id: string, timeoutMs: number): Promise<{ status: string }> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const job = await api(baseUrl, key, "GET", `/v1/articles/${id}`);
    if (job.status === "completed" || job.status === "failed") return job;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { status: "timed out" };
}

async function fuzzApi(): Promise<{ pages: string[]; statuses: Record<string, number>; cases: number }> {
  say("starting wrangler dev…");
  const stack = await startStack({
    logLevel: "warn",
    vars: {
      // Only caller-given URLs are read: a fuzzed job that passes validation fails fast instead of crawling.
      SEARCH_PROVIDER: "urls",
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      // One cap for every route, the routes that take research back included, so bodies over it are 413 everywhere.
      MAX_SOURCES_BODY_BYTES: String(MAX_BODY_BYTES),
      RATE_LIMIT_PER_MINUTE: "1000000",
      PLAN_RATE_LIMITS: JSON.stringify({ free: 1_000_000, pro: 1_000_000, enterprise: 1_000_000 }),
      HOOK_RATE_LIMIT_PER_MINUTE: "1000000",
      SSE_MAX_SECONDS: "2",
      CRAWL_MIN_INTERVAL_MS: "0",
      LOG_LEVEL: "error",
    },
  });
  const statuses: Record<string, number> = {};
  let cases = 0;
  try {
    const key = await stack.createTenantKey("Fuzz tenant");
    const pageUrls = [
      "raised-bed-soil-mix",
      "raised-bed-garden-mistakes",
      "raised-bed-vegetable-garden-beginners-guide",
    ].map((slug) => `${stack.fixturesUrl}/garden/${slug}`);
    const pages = await Promise.all(pageUrls.map(async (url) => (await fetch(url)).text()));
    const job = await api(stack.baseUrl, key, "POST", "/v1/articles", {
      keyword: "raised bed vegetable garden",
      urls: pageUrls,
    });
    const batch = await api(stack.baseUrl, key, "POST", "/v1/batches", { keywords: ["worm bins"] });
    const hook = await api(stack.baseUrl, key, "POST", "/v1/hooks", { keywordPointer: "/title" });
    const endpoint = await api(stack.baseUrl, key, "POST", "/v1/webhooks", { url: "https://receiver.example.com/in" });
    const victim = await api(stack.baseUrl, stack.adminToken, "POST", "/v1/admin/tenants", { name: "Fuzz victim" });
    const target: Target = {
      baseUrl: stack.baseUrl,
      key,
      adminToken: stack.adminToken,
      known: { job: [job.id], batch: [batch.id], hook: [hook.id], endpoint: [endpoint.id], tenant: [victim.id] },
      maxBodyBytes: MAX_BODY_BYTES,
    };
    const spec = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as Spec;
    say(`${operations(spec).length} operations in /openapi.json; ${httpRuns} requests (seed ${seed})`);

    const check = async (request: FuzzRequest) => {
      const answer = await send(stack.baseUrl, request);
      cases += 1;
      const key = `${answer.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      return judge(spec, request, answer);
    };
    for (const text of saved("http", "json")) {
      const request = JSON.parse(text) as FuzzRequest;
      const problem = await check(request);
      if (problem) failures.push(`saved case ${request.method} ${request.path}: ${problem}`);
    }
    const result = await fc.check(
      fc.asyncProperty(requestArbitrary(spec, target), async (request) => {
        const problem = await check(request);
        if (problem) throw new Error(problem);
      }),
      {
        numRuns: httpRuns,
        seed,
        interruptAfterTimeLimit: Math.max(10_000, (deadline - Date.now()) * share),
        endOnFailure: false,
      },
    );
    if (result.failed && result.counterexample) {
      const [request] = result.counterexample;
      const file = save("http", `${JSON.stringify(request, null, 2)}\n`, "json");
      failures.push(
        `API: ${result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance}\n  request: ${JSON.stringify(request).slice(0, 1000)}\n  saved to ${file}`,
      );
    }
    if (result.interrupted) say(`API fuzzing stopped at the time limit after ${result.numRuns} requests`);

    const health = await fetch(`${stack.baseUrl}/health`);
    if (!health.ok) failures.push(`/health answers ${health.status} after the fuzzing`);
    const after = await api(stack.baseUrl, key, "POST", "/v1/articles", {
      keyword: "raised bed vegetable garden soil",
      urls: pageUrls,
    });
    const ended = await untilJobEnds(stack.baseUrl, key, after.id, 180_000);
    if (ended.status !== "completed") failures.push(`a job after the fuzzing ended ${ended.status}`);
    say(
      `API: ${cases} requests, statuses ${JSON.stringify(statuses)}; /health ${health.status}; a job afterwards: ${ended.status}`,
    );
    return { pages, statuses, cases };
  } finally {
    await stack.stop();
  }
}

function fuzzPages(pages: string[]): { cases: number; maxMs: number; p99Ms: number } {
  const times: number[] = [];
  const analyse = (page: string) => {
    const ms = analysePage(page);
    times.push(ms);
    if (ms > maxPageMs) throw new Error(`took ${Math.round(ms)} ms (bound ${maxPageMs} ms)`);
  };
  for (const page of saved("analysers", "html")) {
    try {
      analyse(page);
    } catch (error) {
      failures.push(`saved page ${digest(page)}: ${error instanceof Error ? error.message : error}`);
    }
  }
  say(`extractor and analysers: ${pageRuns} pages (seed ${seed})`);
  const result = fc.check(fc.property(html(pages), analyse), {
    numRuns: pageRuns,
    seed,
    interruptAfterTimeLimit: Math.max(10_000, deadline - Date.now()),
    endOnFailure: false,
  });
  if (result.failed && result.counterexample) {
    const [page] = result.counterexample;
    const file = save("analysers", page, "html");
    const error = result.errorInstance instanceof Error ? result.errorInstance.stack : String(result.errorInstance);
    failures.push(
      `analysers: ${error?.split("\n").slice(0, 6).join("\n")}\n  page (${page.length} chars): ${JSON.stringify(page.slice(0, 300))}\n  saved to ${file}`,
    );
  }
  if (result.interrupted) say(`page fuzzing stopped at the time limit after ${result.numRuns} pages`);
  const sorted = [...times].sort((a, b) => a - b);
  const p99Ms = Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0);
  const maxMs = Math.round(sorted.at(-1) ?? 0);
  say(`pages: ${times.length} analysed, p99 ${p99Ms} ms, max ${maxMs} ms a page`);
  return { cases: times.length, maxMs, p99Ms };
}

let exitCode = 0;
try {
  const api = httpRuns > 0 ? await fuzzApi() : { pages: [], cases: 0, statuses: {} };
  const pages = pageRuns > 0 ? fuzzPages(api.pages) : { cases: 0, maxMs: 0, p99Ms: 0 };
  const seconds = Math.round((Date.now() - started) / 1000);
  say(`${api.cases + pages.cases} cases in ${seconds} s`);
  const result = {
    command: `npm run fuzz -- ${process.argv.slice(2).join(" ")}`.trim(),
    date: new Date().toISOString(),
    seed,
    api: { requests: api.cases, statuses: api.statuses },
    pages,
    wallSeconds: seconds,
    failures,
  };
  mkdirSync(path.dirname(path.resolve(ROOT, values.out)), { recursive: true });
  writeFileSync(path.resolve(ROOT, values.out), `${JSON.stringify(result, null, 2)}\n`);
  if (values.readme) {
    writeReadmeResults(
      "fuzz",
      markdownTable(
        ["figure", "value"],
        [
          ["command", `\`${result.command}\` (seed ${seed})`],
          ["date", result.date.slice(0, 10)],
          [
            "API requests",
            `${api.cases}: ${Object.entries(api.statuses)
              .map(([k, v]) => `${v}× ${k}`)
              .join(", ")}`,
          ],
          ["pages through the extractor and analysers", `${pages.cases}, p99 ${pages.p99Ms} ms, max ${pages.maxMs} ms`],
          ["failures", failures.length],
          ["wall time", `${seconds} s`],
        ],
      ),
    );
  }
} catch (error) {
  failures.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
if (failures.length) {
  console.log(`\n${failures.length} failure(s):`);
  for (const failure of failures) console.log(`- ${failure}`);
  exitCode = 1;
} else console.log("no failures");
process.exit(exitCode);
