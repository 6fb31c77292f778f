#!/usr/bin/env node
// npm run bench:pipeline [-- --jobs N --sample S --rpm 60,30 --tpm 1000000,1000000 --error-rate 0.2 --malformed-rate 0.05]
// Starts the simulated world and wrangler dev, runs S jobs one at a time (the baseline), then N distinct keywords
// as concurrent jobs, and reports throughput against the providers' rate-limit bound.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { callApi, fixtureKeywords } from "../scripts/lib/bench-api.mjs";
import { readOptions } from "../scripts/lib/cli.mjs";
import { startStack } from "../scripts/lib/stack.mjs";
import { startWorld } from "../scripts/world/server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE =
  "npm run bench:pipeline -- [--jobs 12] [--sample 2] [--rpm 60,30] [--tpm 1000000,1000000] [--error-rate 0] [--malformed-rate 0]\n" +
  "  --error-rate and --malformed-rate apply to the first provider only.";
const { values } = readOptions(
  {
    options: {
      jobs: { type: "string", default: "12" },
      sample: { type: "string", default: "2" },
      rpm: { type: "string", default: "60,30" },
      tpm: { type: "string", default: "1000000,1000000" },
      "error-rate": { type: "string", default: "0" },
      "malformed-rate": { type: "string", default: "0" },
      "timeout-minutes": { type: "string", default: "20" },
      out: { type: "string", default: path.join(ROOT, "bench", "results", "pipeline.json") },
      "worker-log": { type: "string" },
      "crawl-interval-ms": { type: "string", default: "50" },
    },
  },
  USAGE,
);

const count = (name, min = 0) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const list = (name) => values[name].split(",").map((v) => Number(v.trim()));
const jobs = count("jobs", 1);
const sample = count("sample", 0);
const rpms = list("rpm");
const tpms = list("tpm");
const providerNames = ["alpha", "beta", "gamma", "delta"].slice(0, rpms.length);
const deadline = Date.now() + Number(values["timeout-minutes"]) * 60_000;

const providers = Object.fromEntries(
  providerNames.map((name, i) => [
    name,
    {
      rpm: rpms[i],
      tpm: tpms[i] ?? tpms[0],
      seed: i + 1,
      errorRate: i === 0 ? Number(values["error-rate"]) : 0,
      malformedRate: i === 0 ? Number(values["malformed-rate"]) : 0,
    },
  ]),
);

const world = await startWorld({ port: 0, providers });
let stack;
const stop = async () => {
  await stack?.stop().catch(() => {});
  await world.close();
};
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stop().then(() => process.exit(130)));

/**
 * Distinct keywords from the fixture pages' shorter titles, with angles that change what the searcher wants but
 * not the subject: every job searches and writes its own article, and the fixture web holds several pages about
 * each (a long headline such as "9 raised bed garden mistakes beginners make" has one page about it, and research
 * rightly ends such a job with no_relevant_sources, which measures research, not the providers).
 */
const ANGLES = [
  "",
  "for beginners",
  "guide",
  "tips",
  "explained",
  "basics",
  "checklist",
  "examples",
  "overview",
  "tutorial",
  "ideas",
];
const keywords = (n) => fixtureKeywords(world.catalog.pages, ANGLES, n, { maxWords: 6 });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const api = (key, method, pathName, body) => callApi(stack.baseUrl, key, method, pathName, body);

/** Submits the keywords at once and waits until every job has finished; returns the jobs and the wall time. */
async function runJobs(key, list) {
  const started = Date.now();
  const submitted = await Promise.all(list.map((keyword) => api(key, "POST", "/v1/articles", { keyword })));
  const pending = new Map(submitted.map((job) => [job.id, job]));
  const done = [];
  while (pending.size && Date.now() < deadline) {
    await sleep(1000);
    for (const id of [...pending.keys()]) {
      const job = await api(key, "GET", `/v1/articles/${id}`);
      if (job.status === "completed" || job.status === "failed") {
        // The job's own last event time, not when this poll saw it: a poll round over many jobs takes seconds.
        const finishedAt = Date.parse(job.updatedAt);
        job.finishedMs = Number.isFinite(finishedAt) ? Math.max(0, finishedAt - started) : Date.now() - started;
        done.push(job);
        pending.delete(id);
      }
    }
  }
  for (const id of pending.keys()) done.push({ id, status: "timed_out" });
  return { jobs: done, wallMs: Date.now() - started, started };
}

/** Calls whose result is in a written draft: the DraftWritten usage entries that carried an answer. */
async function keptCalls(key, jobsDone) {
  let kept = 0;
  for (const job of jobsDone.filter((j) => j.status === "completed")) {
    const answer = await api(key, "GET", `/v1/articles/${job.id}/events`);
    const events = answer.events ?? answer.data ?? answer;
    for (const event of events) {
      if (event.type === "DraftWritten") kept += (event.data.usage ?? []).filter((u) => u.outputTokens > 0).length;
    }
  }
  return kept;
}

async function worldStats() {
  return (await (await fetch(`${world.url}/stats`)).json()).providers;
}

function summarise(stats) {
  const sum = (field) => Object.values(stats).reduce((total, p) => total + p[field], 0);
  const admitted = sum("requests") - sum("rateLimited") - sum("rejectedMode");
  return {
    requests: sum("requests"),
    admitted,
    rateLimited: sum("rateLimited"),
    errors: sum("errors"),
    malformed: sum("malformed"),
    tokens: sum("promptTokens") + sum("completionTokens"),
    byProvider: Object.fromEntries(
      Object.entries(stats).map(([name, p]) => [
        name,
        { admitted: p.requests - p.rateLimited - p.rejectedMode, rateLimited: p.rateLimited, errors: p.errors },
      ]),
    ),
  };
}

const delta = (after, before) =>
  Object.fromEntries(
    Object.entries(after).map(([name, p]) => [
      name,
      Object.fromEntries(
        Object.entries(p).map(([k, v]) => [
          k,
          typeof v === "number"
            ? v - (before[name]?.[k] ?? 0)
            : Array.isArray(v)
              ? v.slice(before[name]?.[k]?.length ?? 0)
              : v,
        ]),
      ),
    ]),
  );

/**
 * Where the providers' capacity went unused during a run. With R the summed requests per minute, efficiency is
 * admitted calls ÷ (R × wall time) (calls per article cancel out), and the wall time splits into the ramp
 * before the first call (research), the active window from the first call to the last, and the tail after it
 * (the last answers, assessment and commit): efficiency = (active rate ÷ R) × (active window ÷ wall time).
 * The calls per 10 s show whether the active window ran at the limit throughout or starved in places.
 */
function timeline(stats, startedAt, wallMs, rpm) {
  const times = Object.values(stats)
    .flatMap((p) => p.admittedAt ?? [])
    .sort((a, b) => a - b);
  if (times.length < 2) return null;
  const first = times[0] - startedAt;
  const last = (times.at(-1) ?? 0) - startedAt;
  const activeMs = Math.max(1, last - first);
  const per10s = [];
  for (const t of times) {
    const slot = Math.floor((t - startedAt) / 10_000);
    while (per10s.length <= slot) per10s.push(0);
    per10s[slot] += 1;
  }
  return {
    rampSeconds: round(first / 1000),
    activeSeconds: round(activeMs / 1000),
    tailSeconds: round((wallMs - last) / 1000),
    activeRatePerMinute: round((times.length / activeMs) * 60_000),
    activeUtilisation: round(((times.length / activeMs) * 60_000) / rpm),
    activeShareOfWall: round(activeMs / wallMs),
    callsPer10s: per10s,
    capacityPer10s: round(rpm / 6),
  };
}

async function measure(key, list) {
  const before = await worldStats();
  const run = await runJobs(key, list);
  const stats = delta(await worldStats(), before);
  const calls = summarise(stats);
  const completed = run.jobs.filter((j) => j.status === "completed").length;
  const failures = {};
  for (const job of run.jobs.filter((j) => j.status !== "completed")) {
    const reason = job.error?.code ?? job.status;
    failures[reason] = (failures[reason] ?? 0) + 1;
  }
  const kept = await keptCalls(key, run.jobs);
  const lastFinish = Math.max(1, ...run.jobs.map((j) => j.finishedMs ?? run.wallMs));
  const perMinute = (completed / lastFinish) * 60_000;
  const callsPerArticle = completed ? calls.admitted / completed : Number.NaN;
  const tokensPerArticle = completed ? calls.tokens / completed : Number.NaN;
  const rpmBound = rpms.reduce((a, b) => a + b, 0) / callsPerArticle;
  const tpmBound = tpms.slice(0, rpms.length).reduce((a, b) => a + b, 0) / tokensPerArticle;
  const bound = Math.min(rpmBound, tpmBound);
  return {
    jobs: list.length,
    completed,
    wallSeconds: Math.round(lastFinish / 100) / 10,
    articlesPerMinute: round(perMinute),
    callsPerArticle: round(callsPerArticle),
    tokensPerArticle: Math.round(tokensPerArticle),
    bound: {
      rpm: round(rpmBound),
      tpm: round(tpmBound),
      articlesPerMinute: round(bound),
      limitedBy: rpmBound <= tpmBound ? "rpm" : "tpm",
    },
    efficiency: round(perMinute / bound),
    calls: { ...calls, kept, keptShare: round(calls.admitted ? kept / calls.admitted : 0) },
    failures,
    timeline: timeline(
      stats,
      run.started,
      lastFinish,
      rpms.reduce((a, b) => a + b, 0),
    ),
  };
}

const round = (n) => (Number.isFinite(n) ? Math.round(n * 1000) / 1000 : null);

try {
  console.log(`world: ${world.url}; providers ${providerNames.map((n, i) => `${n} ${rpms[i]} RPM`).join(", ")}`);
  console.log("starting wrangler dev…");
  stack = await startStack({
    web: world,
    logLevel: "warn",
    ...(values["worker-log"] ? { onLog: (line) => appendFileSync(values["worker-log"], `${line}\n`) } : {}),
    vars: {
      LLM_PROVIDERS: JSON.stringify(
        providerNames.map((name, i) => ({
          name,
          type: "openai-compatible",
          model: `world-${name}`,
          baseUrl: world.providerUrl(name),
          weight: rpms[i],
          rpm: rpms[i],
          tpm: tpms[i] ?? tpms[0],
        })),
      ),
      RATE_LIMIT_PER_MINUTE: "100000",
      // Every fixture site is the same loopback host: per-host crawl pacing would make research, not the
      // providers, the bottleneck being measured.
      CRAWL_MIN_INTERVAL_MS: values["crawl-interval-ms"],
      PLAN_RATE_LIMITS: JSON.stringify({ free: 100_000, pro: 100_000, enterprise: 100_000 }),
      LOG_LEVEL: "warn",
    },
  });
  const key = await stack.createTenantKey("Benchmark tenant");
  const all = keywords(jobs + sample);
  if (all.length < jobs + sample)
    throw new Error(`the fixture web gives ${all.length} distinct keywords; --jobs plus --sample is ${jobs + sample}`);
  const baselineJobs = [];
  let baseline;
  if (sample > 0) {
    console.log(`sequential baseline: ${sample} job(s), one at a time…`);
    const runs = [];
    for (const keyword of all.slice(jobs, jobs + sample)) runs.push(await measure(key, [keyword]));
    const completed = runs.reduce((s, r) => s + r.completed, 0);
    const seconds = runs.reduce((s, r) => s + r.wallSeconds, 0);
    baseline = {
      jobs: sample,
      completed,
      wallSeconds: round(seconds),
      articlesPerMinute: round((completed / seconds) * 60),
    };
    baselineJobs.push(...runs);
  }
  console.log(`concurrent: ${jobs} jobs at once…`);
  const concurrent = await measure(key, all.slice(0, jobs));
  const result = {
    command: `npm run bench:pipeline -- ${process.argv.slice(2).join(" ")}`.trim(),
    date: new Date().toISOString(),
    providers,
    concurrent,
    baseline,
    speedUp: baseline?.articlesPerMinute ? round(concurrent.articlesPerMinute / baseline.articlesPerMinute) : null,
  };
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  const c = concurrent;
  const rows = [
    ["jobs (completed)", `${c.jobs} (${c.completed})`],
    ["completed articles / minute", c.articlesPerMinute],
    ["LLM calls per completed article", c.callsPerArticle],
    [
      `bound (${c.bound.limitedBy}): articles / minute`,
      `${c.bound.articlesPerMinute} (RPM ${c.bound.rpm}, TPM ${c.bound.tpm})`,
    ],
    ["efficiency (achieved ÷ bound)", c.efficiency],
    [
      "LLM calls admitted / in a kept draft",
      `${c.calls.admitted} / ${c.calls.kept} (${Math.round(c.calls.keptShare * 100)} %)`,
    ],
    ["429s", c.calls.rateLimited],
    ["failures by reason", JSON.stringify(c.failures)],
    [
      "ramp / active window / tail (s)",
      c.timeline ? `${c.timeline.rampSeconds} / ${c.timeline.activeSeconds} / ${c.timeline.tailSeconds}` : "–",
    ],
    [
      "active window: calls/min (share of the limit)",
      c.timeline ? `${c.timeline.activeRatePerMinute} (${c.timeline.activeUtilisation})` : "–",
    ],
    ["calls per 10 s", c.timeline ? `${c.timeline.callsPer10s.join(" ")} (limit ${c.timeline.capacityPer10s})` : "–"],
    ["sequential baseline: articles / minute", baseline?.articlesPerMinute ?? "–"],
    ["speed-up", result.speedUp ?? "–"],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(42)} ${value}`);
  console.log(`written to ${path.relative(ROOT, values.out)}`);
} finally {
  await stop();
}
