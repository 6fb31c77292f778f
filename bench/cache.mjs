#!/usr/bin/env node
// npm run bench:cache [-- --jobs 30 --interval 100 --polite-jobs 4]
// Starts the simulated world and wrangler dev, runs the same batch of keywords twice (cold, then warm), and reports
// what the second run took from the cache: pages, search results, LLM calls, research time. Then purges the page
// cache and runs a few jobs at once on the fixture web's one host, checking the gap between its requests.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { callApi, fixtureKeywords } from "../scripts/lib/bench-api.mjs";
import { readOptions } from "../scripts/lib/cli.mjs";
import { startStack } from "../scripts/lib/stack.mjs";
import { startWorld } from "../scripts/world/server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "npm run bench:cache -- [--jobs 30] [--interval 100] [--polite-jobs 4] [--out bench/results/cache.json]";
const { values } = readOptions(
  {
    options: {
      jobs: { type: "string", default: "30" },
      interval: { type: "string", default: "100" },
      "polite-jobs": { type: "string", default: "4" },
      "timeout-minutes": { type: "string", default: "20" },
      out: { type: "string", default: path.join(ROOT, "bench", "results", "cache.json") },
    },
  },
  USAGE,
);
const count = (name, min) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const jobs = count("jobs", 1);
const interval = count("interval", 1);
const politeJobs = count("polite-jobs", 1);
const deadline = Date.now() + Number(values["timeout-minutes"]) * 60_000;
/** The code measured: the commit checked out when the run starts, and whether tracked files differed from it. */
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
const commit = `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " (with uncommitted changes)" : ""}`;

const providers = { alpha: { rpm: 600, tpm: 10_000_000, seed: 1 }, beta: { rpm: 600, tpm: 10_000_000, seed: 2 } };
const world = await startWorld({ port: 0, providers });
let stack;
const stop = async () => {
  await stack?.stop().catch(() => {});
  await world.close();
};
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stop().then(() => process.exit(130)));

/** Distinct keywords from the fixture pages' titles, as bench:pipeline makes them, with angles of their own. */
const keywords = (n) =>
  fixtureKeywords(world.catalog.pages, ["", "for beginners", "guide", "tips", "basics", "at home"], n);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (n, places = 3) => (Number.isFinite(n) ? Math.round(n * 10 ** places) / 10 ** places : null);
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const api = (key, method, pathName, body) => callApi(stack.baseUrl, key, method, pathName, body);

async function llmRequests() {
  const stats = (await (await fetch(`${world.url}/stats`)).json()).providers;
  return Object.values(stats).reduce((sum, p) => sum + p.requests, 0);
}

/** Submits the keywords at once, waits for every job, and reads what its research took from the cache. */
async function runBatch(key, list) {
  const llmBefore = await llmRequests();
  const logStart = world.webLog.length;
  const started = Date.now();
  const submitted = await Promise.all(list.map((keyword) => api(key, "POST", "/v1/articles", { keyword })));
  const keywordOf = new Map(submitted.map((job, i) => [job.id, list[i]]));
  const pending = new Set(submitted.map((job) => job.id));
  const finished = [];
  while (pending.size && Date.now() < deadline) {
    await sleep(1000);
    for (const id of [...pending]) {
      const job = await api(key, "GET", `/v1/articles/${id}`);
      if (job.status === "completed" || job.status === "failed") {
        finished.push(job);
        pending.delete(id);
      }
    }
  }
  const wallSeconds = (Date.now() - started) / 1000;
  const research = [];
  let reused = 0;
  for (const job of finished) {
    const answer = await api(key, "GET", `/v1/articles/${job.id}/events`);
    const events = answer.events ?? answer.data ?? answer;
    const done = events.find((e) => e.type === "ResearchCompleted");
    if (done) research.push(done.data.timings ?? done.data.report?.timings);
    if (events.some((e) => e.type === "DraftWritten" && e.data.reusedFrom)) reused++;
  }
  const web = world.webLog.slice(logStart);
  const sum = (field) => research.reduce((s, t) => s + (t[field] ?? 0), 0);
  return {
    jobs: list.length,
    completed: finished.filter((j) => j.status === "completed").length,
    failed: finished.filter((j) => j.status === "failed").length,
    failures: finished
      .filter((j) => j.status === "failed")
      .map((j) => ({ keyword: keywordOf.get(j.id), code: j.error?.code, message: j.error?.message })),
    timedOut: pending.size,
    wallSeconds: round(wallSeconds, 1),
    researchMedianMs: median(research.map((t) => t.totalMs)),
    pagesFromCache: sum("pagesFromCache"),
    pagesFetched: sum("pagesFetched"),
    searchesFromCache: sum("searchFromCache"),
    researched: research.length,
    articlesReused: reused,
    llmCalls: (await llmRequests()) - llmBefore,
    webRequests: {
      search: web.filter((r) => r.path === "/search").length,
      robots: web.filter((r) => r.path === "/robots.txt").length,
      pages: web.filter((r) => r.path !== "/search" && r.path !== "/robots.txt").length,
    },
    minGapMs: minGap(web),
    gapsBelowInterval: belowInterval(web),
    gaps: gaps(web).length,
  };
}

/** The gaps between consecutive crawler requests (pages and robots.txt: all on the fixture web's one host). */
function gaps(log) {
  const times = log
    .filter((r) => r.path !== "/search")
    .map((r) => r.at)
    .sort((a, b) => a - b);
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

function minGap(log) {
  const all = gaps(log);
  return all.length ? round(Math.min(...all), 1) : null;
}

const belowInterval = (log) => gaps(log).filter((gap) => gap < interval).length;

async function purge(kind) {
  const response = await fetch(`${stack.baseUrl}/v1/admin/cache?kind=${kind}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  if (!response.ok) throw new Error(`purge ${kind}: ${response.status} ${await response.text()}`);
  return (await response.json()).purged;
}

try {
  console.log(`world: ${world.url}; crawl interval ${interval} ms`);
  console.log("starting wrangler dev…");
  stack = await startStack({
    web: world,
    logLevel: "warn",
    vars: {
      LLM_PROVIDERS: JSON.stringify(
        Object.entries(providers).map(([name, p]) => ({
          name,
          type: "openai-compatible",
          model: `world-${name}`,
          baseUrl: world.providerUrl(name),
          rpm: p.rpm,
          tpm: p.tpm,
        })),
      ),
      CRAWL_MIN_INTERVAL_MS: String(interval),
      // Every job's pages are on the fixture web's one host: the queue of crawl slots outlasts the default timeout.
      FETCH_TIMEOUT_MS: "300000",
      RATE_LIMIT_PER_MINUTE: "100000",
      PLAN_RATE_LIMITS: JSON.stringify({ free: 100_000, pro: 100_000, enterprise: 100_000 }),
      LOG_LEVEL: "warn",
    },
  });
  const key = await stack.createTenantKey("Cache benchmark tenant");
  const all = keywords(jobs + politeJobs);
  const batch = all.slice(0, jobs);
  console.log(`first run: ${jobs} jobs at once, cold cache…`);
  const first = await runBatch(key, batch);
  console.log(`second run: the same ${jobs} requests…`);
  const second = await runBatch(key, batch);
  const purged = await purge("page");
  console.log(`politeness: page cache purged (${JSON.stringify(purged)}); ${politeJobs} new jobs at once…`);
  const polite = await runBatch(key, all.slice(jobs, jobs + politeJobs));

  const pageShare = second.pagesFromCache / Math.max(1, second.pagesFromCache + second.pagesFetched);
  const result = {
    command: `npm run bench:cache -- ${process.argv.slice(2).join(" ")}`.trim(),
    date: new Date().toISOString(),
    commit,
    intervalMs: interval,
    first,
    second,
    polite,
    figures: {
      secondRunPagesFromCache: round(pageShare),
      secondRunSearchesFromCache: round(second.searchesFromCache / Math.max(1, second.researched)),
      secondRunLlmCalls: second.llmCalls,
      // Every job of the second run, failed ones included: what reached the fixture web's search and pages.
      secondRunSearchRequests: second.webRequests.search,
      secondRunPageRequests: second.webRequests.pages,
      researchMedianSpeedUp: round(first.researchMedianMs / Math.max(1, second.researchMedianMs), 1),
      minGapMs: Math.min(first.minGapMs ?? Infinity, polite.minGapMs ?? Infinity),
    },
  };
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  const row = (label, a, b) => console.log(`${label.padEnd(40)} ${String(a).padEnd(16)} ${b ?? ""}`);
  row("", "first run", "second run");
  row("jobs completed / failed", `${first.completed} / ${first.failed}`, `${second.completed} / ${second.failed}`);
  row("research median ms", first.researchMedianMs, second.researchMedianMs);
  row(
    "pages fetched / from cache",
    `${first.pagesFetched} / ${first.pagesFromCache}`,
    `${second.pagesFetched} / ${second.pagesFromCache}`,
  );
  row(
    "search results from cache (jobs)",
    `${first.searchesFromCache} / ${first.researched}`,
    `${second.searchesFromCache} / ${second.researched}`,
  );
  row(
    "web requests: search, robots, pages",
    Object.values(first.webRequests).join(", "),
    Object.values(second.webRequests).join(", "),
  );
  row("LLM calls", first.llmCalls, second.llmCalls);
  row("articles reused", first.articlesReused, second.articlesReused);
  row("wall seconds", first.wallSeconds, second.wallSeconds);
  console.log(
    `pages from cache in the second run: ${Math.round(pageShare * 1000) / 10} %; research median ${result.figures.researchMedianSpeedUp}× faster`,
  );
  for (const [label, run] of [
    ["first run", first],
    ["second run", second],
    ["politeness", polite],
  ]) {
    for (const failure of run.failures)
      console.log(`${label}: failed "${failure.keyword}": ${failure.code}: ${failure.message}`);
  }
  console.log(
    `smallest gap between two requests to the fixture host: ${first.minGapMs} ms (first run, ${first.gapsBelowInterval} of ${first.gaps} gaps below the interval), ${polite.minGapMs} ms (${politeJobs} jobs after the purge, ${polite.webRequests.pages} pages, ${polite.gapsBelowInterval} of ${polite.gaps} below); interval ${interval} ms`,
  );
  console.log(`written to ${path.relative(ROOT, values.out)}`);
} finally {
  await stop();
}
