#!/usr/bin/env node
// npm run soak [-- --jobs 40 --faults default --crash-every 45 --seed 1 --timeout-minutes 9]
// Starts the simulated world, a webhook receiver and `wrangler dev` on a fresh state directory; submits jobs of
// every kind while the world injects faults and wrangler's process group is killed and restarted on the same
// state; drives the cron sweep; then checks the invariants over the event log and the read tables.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { fixtureKeywords } from "./lib/bench-api.mjs";
import { readOptions } from "./lib/cli.mjs";
import { openLocalD1 } from "./lib/local-d1.mjs";
import { markdownTable, writeReadmeResults } from "./lib/readme-results.mjs";
import { seeded } from "./lib/seeded.mjs";
import { startStack } from "./lib/stack.mjs";
import { checkInvariants } from "./soak/invariants.mjs";
import { FAULT_PROFILES } from "./soak/profiles.mjs";
import { startReceiver } from "./soak/receiver.mjs";
import { startWorld } from "./world/server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE =
  "npm run soak -- [--jobs 40] [--faults none|default|heavy] [--crash-every 45 (seconds, 0 = no crashes)] [--seed 1]\n" +
  "               [--timeout-minutes 9] [--out bench/results/soak.json] [--worker-log file] [--state-dir dir] [--readme]\n" +
  "  --state-dir keeps wrangler's local state (D1, queues, Durable Objects) there for a look afterwards.\n" +
  "  --readme writes the figures into README.md's soak results table.";
const { values } = readOptions(
  {
    options: {
      jobs: { type: "string", default: "40" },
      faults: { type: "string", default: "default" },
      "crash-every": { type: "string", default: "45" },
      seed: { type: "string", default: "1" },
      "timeout-minutes": { type: "string", default: "9" },
      out: { type: "string", default: path.join(ROOT, "bench", "results", "soak.json") },
      "worker-log": { type: "string" },
      "state-dir": { type: "string" },
      readme: { type: "boolean", default: false },
    },
  },
  USAGE,
);
const number = (name, min) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number ≥ ${min}`);
    process.exit(2);
  }
  return n;
};
const jobCount = Math.floor(number("jobs", 1));
const crashEvery = number("crash-every", 0);
const profile = FAULT_PROFILES[values.faults];
if (!profile) {
  console.error(`--faults must be one of ${Object.keys(FAULT_PROFILES).join(", ")}`);
  process.exit(2);
}
const started = Date.now();
const deadline = started + number("timeout-minutes", 1) * 60_000;

const random = seeded(number("seed", 0));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const receiver = await startReceiver({ failShare: profile.receiverFailShare });
const world = await startWorld({ port: 0, providers: profile.providers, web: profile.web });
let stack;
let finished = false;
const stopAll = async () => {
  finished = true;
  await stack?.stop().catch(() => {});
  await world.close();
  await receiver.close();
};
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stopAll().then(() => process.exit(130)));

// Whether wrangler is up; calls made while it is down wait for the restart.
let up = false;
let upAgain = () => {};
let whenUp = Promise.resolve();
const counts = { crashes: 0, sweeps: 0, retriedCalls: 0, submissions: {}, regenerates: 0, hookReplays: 0 };

async function call(method, pathName, { key, body, headers = {}, accept = [] } = {}) {
  for (;;) {
    // The checks after the deadline still get their own two minutes, so a run that timed out reports why.
    if (Date.now() > deadline + (finished ? 120_000 : 0)) throw new Error(`timed out calling ${method} ${pathName}`);
    if (!up) await whenUp;
    try {
      const response = await fetch(`${stack.baseUrl}${pathName}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      if (response.ok || accept.includes(response.status)) return { status: response.status, body: parse(text) };
      // A crash can cut a call short, and a worker restarting answers 5xx for a moment: both are retried.
      if (response.status >= 500 && !up) {
        counts.retriedCalls += 1;
        continue;
      }
      throw new Error(`${method} ${pathName}: ${response.status} ${text.slice(0, 300)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(`${method} ${pathName}:`)) throw error;
      counts.retriedCalls += 1;
      await sleep(500);
    }
  }
}
const parse = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Distinct keywords from the fixture pages' titles, each with an angle, so single flight folds few of them. */
function keywords(n) {
  const angles = ["", "for beginners", "guide", "tips", "at home", "basics", "ideas", "checklist"];
  const out = fixtureKeywords(world.catalog.pages, angles);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  // A long soak asks for more jobs than there are distinct keywords: the list repeats with a number appended
  // ("raised bed tips 2"), which single flight tells apart and relevance ignores (bare numbers carry no topic).
  const list = out.slice(0, n);
  for (let round = 2; out.length && list.length < n; round++)
    for (const keyword of out) if (list.length < n) list.push(`${keyword} ${round}`);
  return list;
}

async function crashLoop() {
  if (crashEvery <= 0) return;
  while (!finished) {
    // Waits for the next crash in short naps, so the checks do not wait for a crash that will not come.
    const at = Date.now() + crashEvery * 1000 * (0.5 + random());
    while (!finished && Date.now() < at) await sleep(Math.min(1000, at - Date.now()));
    if (finished) return;
    up = false;
    whenUp = new Promise((resolve) => {
      upAgain = resolve;
    });
    await stack.crash();
    counts.crashes += 1;
    say(`crash ${counts.crashes}: wrangler's process group killed (SIGKILL); restarting on the same state`);
    await stack.restart();
    up = true;
    upAgain();
    say("wrangler is back");
  }
}

/** The cron trigger, as production runs it, every few seconds instead of every five minutes. */
async function cronLoop() {
  while (!finished) {
    await sleep(5000);
    if (!up) continue;
    try {
      const response = await fetch(`${stack.baseUrl}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`, {
        signal: AbortSignal.timeout(30_000),
      });
      await response.body?.cancel();
      if (response.ok) counts.sweeps += 1;
    } catch {
      // down for a crash: the next tick tries again
    }
  }
}

async function snapshot(sql, ...params) {
  for (let i = 0; ; i++) {
    const db = await openLocalD1(stack.persistTo);
    try {
      return db.all(sql, ...params);
    } catch (error) {
      if (i >= 5) throw error;
      await sleep(200);
    } finally {
      db.close();
    }
  }
}

try {
  say(`world ${world.url}, receiver ${receiver.url}; faults "${values.faults}"; starting wrangler dev…`);
  const providers = Object.keys(profile.providers);
  stack = await startStack({
    web: world,
    logLevel: "warn",
    testScheduled: true,
    ...(values["state-dir"] ? { persistTo: path.resolve(values["state-dir"]) } : {}),
    ...(values["worker-log"] ? { onLog: (line) => appendFileSync(values["worker-log"], `${line}\n`) } : {}),
    vars: {
      ALLOW_HOSTS: `127.0.0.1:${world.port},${receiver.host}`,
      LLM_PROVIDERS: JSON.stringify(
        providers.map((name) => ({
          name,
          type: "openai-compatible",
          model: `world-${name}`,
          baseUrl: world.providerUrl(name),
          rpm: profile.declaredRpm[name],
        })),
      ),
      RATE_LIMIT_PER_MINUTE: "100000",
      PLAN_RATE_LIMITS: JSON.stringify({ free: 100_000, pro: 100_000, enterprise: 100_000 }),
      HOOK_RATE_LIMIT_PER_MINUTE: "100000",
      CRAWL_MIN_INTERVAL_MS: "50",
      FETCH_TIMEOUT_MS: "8000",
      // A crash loses what the local queues held: the sweep re-sends and re-drives it, on a soak's time scale.
      // Each crash a stage lives through costs it one re-drive, and under the default profile's load a first
      // draft legitimately takes up to ~3.5 min (alpha's breaker open, beta granting 20 calls a minute): with
      // a crash every ~45 s that is 5 re-drives for a job that then completes. MAX_REDRIVES=5 failed such jobs
      // as `stuck` at ~4 min; 10 gives a stage ~7 min without progress before it is called stuck.
      STUCK_AFTER_SECONDS: "40",
      OUTBOX_RESEND_AFTER_SECONDS: "5",
      MAX_REDRIVES: "10",
      WEBHOOK_MAX_ATTEMPTS: "2",
      WEBHOOK_TIMEOUT_MS: "5000",
      LOG_LEVEL: "warn",
    },
  });
  up = true;
  const key = await stack.createTenantKey("Soak tenant");
  const events = ["article.completed", "article.failed"];
  await call("POST", "/v1/webhooks", { key, body: { url: `${receiver.url}/flaky/endpoint`, events } });
  await call("POST", "/v1/webhooks", { key, body: { url: `${receiver.url}/gone`, events: ["article.failed"] } });
  const hook = (await call("POST", "/v1/hooks", { key, body: { keywordPointer: "/post/title" } })).body;
  const signer = new Webhook(hook.secret);
  say(`wrangler dev at ${stack.baseUrl}; ${jobCount} jobs, crash every ~${crashEvery || "∞"} s`);

  const crashing = crashLoop();
  const cron = cronLoop();
  const accepted = new Set();
  const withWebhookUrl = new Set();
  const plan = keywords(jobCount);
  const kinds = [];
  const submit = async (keyword, n) => {
    const roll = random();
    let kind = "single";
    if (roll < 0.25 && n >= 2) kind = "batch";
    else if (roll < 0.45) kind = "hook";
    else if (roll < 0.6) kind = "webhookUrl";
    counts.submissions[kind] = (counts.submissions[kind] ?? 0) + 1;
    kinds.push(kind);
    if (kind === "batch") {
      const size = Math.min(n, 2 + Math.floor(random() * 2));
      const list = [keyword, ...plan.splice(0, size - 1)];
      const answer = await call("POST", "/v1/batches", { key, body: { keywords: list, maxAttempts: 2 } });
      for (const job of answer.body.jobs) accepted.add(job.id);
      return list.length;
    }
    if (kind === "hook") {
      const payload = JSON.stringify({ post: { title: keyword } });
      const id = `msg_${Math.floor(random() * 2 ** 48).toString(36)}`;
      const timestamp = new Date();
      const headers = {
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(timestamp / 1000)),
        "webhook-signature": signer.sign(id, timestamp, payload),
      };
      const answer = await call("POST", `/hooks/${hook.id}`, { body: payload, headers, accept: [409] });
      if (answer.status === 409) counts.hookReplays += 1;
      else accepted.add(answer.body.id);
      return 1;
    }
    const body = { keyword, maxAttempts: 2 };
    if (kind === "webhookUrl") body.webhookUrl = `${receiver.url}/flaky/request`;
    const answer = await call("POST", "/v1/articles", {
      key,
      body,
      headers: { "idempotency-key": `soak-${keyword}`.slice(0, 100) },
    });
    accepted.add(answer.body.id);
    if (kind === "webhookUrl") withWebhookUrl.add(answer.body.id);
    return 1;
  };
  let submitted = 0;
  while (plan.length) {
    const keyword = plan.shift();
    submitted += await submit(keyword, jobCount - submitted);
    await sleep(1000 + random() * 2000);
  }
  say(`submitted ${submitted} jobs (${JSON.stringify(counts.submissions)}); regenerating some as they finish…`);

  const regenerateTarget = Math.max(1, Math.floor(jobCount / 8));
  const regenerated = new Set();
  let lastReport = 0;
  for (;;) {
    if (Date.now() > deadline) {
      say("timed out waiting for the jobs and deliveries to settle");
      break;
    }
    await sleep(3000);
    if (!up) continue;
    const [open] = await snapshot(
      // A run that just ended has its deliver message sent but its deliveries not yet planned: until they are,
      // it counts as a pending delivery (each run's outcome goes to at least the endpoint that takes both).
      "SELECT (SELECT COUNT(*) FROM jobs WHERE status NOT IN ('completed','failed')) AS jobs, (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending') + (SELECT COUNT(*) FROM jobs j WHERE j.status IN ('completed','failed') AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.job_id = j.id AND substr(d.dedupe_key, 1, length(j.id || ':' || j.run || ':')) = j.id || ':' || j.run || ':')) AS deliveries, (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL) AS outbox",
    );
    if (regenerated.size < regenerateTarget) {
      const done = await snapshot("SELECT id FROM jobs WHERE status = 'completed' ORDER BY id");
      let asked = 0;
      for (const { id } of done) {
        if (regenerated.size >= regenerateTarget || regenerated.has(id)) continue;
        const answer = await call("POST", `/v1/articles/${id}/regenerate`, {
          key,
          body: { from: random() < 0.5 ? "write" : "research" },
          accept: [409],
        });
        regenerated.add(id);
        asked += 1;
        if (answer.status === 202) counts.regenerates += 1;
      }
      // Regenerations are waited for only while a job may still complete: once every job has ended and no
      // completed one is left to regenerate (all failed for want of sources, say), the run settles.
      if (asked > 0 || open.jobs > 0) continue;
    }
    if (Date.now() - lastReport > 20_000) {
      const health = await call("GET", "/health", { accept: [503] }).catch(() => undefined);
      const breakers = Object.entries(health?.body?.providers ?? {})
        .map(([name, status]) => `${name} ${status}`)
        .join(", ");
      say(
        `open: ${open.jobs} jobs, ${open.deliveries} pending deliveries, ${open.outbox} unsent outbox rows; breakers: ${breakers}`,
      );
      lastReport = Date.now();
    }
    const crashed = crashEvery <= 0 || counts.crashes >= 1;
    if (open.jobs === 0 && open.deliveries === 0 && open.outbox === 0 && crashed) break;
  }
  finished = true;
  await crashing;
  if (!up) await whenUp;
  await cron;

  say("checking the invariants…");
  const tables = async () => ({
    jobs: await snapshot("SELECT * FROM jobs ORDER BY id"),
    analytics: await snapshot("SELECT * FROM tenant_analytics ORDER BY tenant_id"),
  });
  const before = await tables();
  const rebuild = await call("POST", "/v1/admin/projections/rebuild", {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  const after = await tables();
  const worldStats = await (await fetch(`${world.url}/stats`)).json();
  const state = {
    events: await snapshot("SELECT stream_id, version, type, data, created_at FROM events ORDER BY seq"),
    jobs: before.jobs,
    jobsRebuilt: after.jobs,
    analytics: before.analytics,
    analyticsRebuilt: after.analytics,
    outbox: await snapshot("SELECT id, queue, sent_at, sends FROM outbox"),
    deliveries: await snapshot("SELECT id, job_id, dedupe_key, event_type, status, attempts FROM webhook_deliveries"),
    received: [...receiver.accepted.keys()],
    accepted: [...accepted],
    declinedPaths: worldStats.web.declinedPaths,
    robotsDeclinedPaths: worldStats.web.robotsDeclinedPaths,
    requestedPaths: [...new Set(world.webLog.map((entry) => entry.path))],
    // The flaky endpoint takes both outcomes and a job's own webhookUrl takes both. /gone is not counted: it takes
    // failures only until its first 410 disables it.
    expectedReceivers: (run) => 1 + (withWebhookUrl.has(run.jobId) ? 1 : 0),
  };
  const invariants = checkInvariants(state);
  const deliveries = {};
  for (const row of state.deliveries) deliveries[row.status] = (deliveries[row.status] ?? 0) + 1;
  const statuses = {};
  for (const job of state.jobs) {
    const label = job.status === "failed" ? `failed:${job.error_code}` : job.status;
    statuses[label] = (statuses[label] ?? 0) + 1;
  }
  const eventTypes = {};
  for (const event of state.events) eventTypes[event.type] = (eventTypes[event.type] ?? 0) + 1;
  // What happened to each job the sweep ended as stuck: its events in order, seconds after the request.
  const stuckTrails = state.jobs
    .filter((job) => job.status === "failed" && job.error_code === "stuck")
    .map((job) => {
      const trail = state.events.filter((event) => event.stream_id === job.id);
      const start = Date.parse(trail[0]?.created_at ?? "");
      return {
        jobId: job.id,
        events: trail.map((event) => `${event.type}@${Math.round((Date.parse(event.created_at) - start) / 1000)}s`),
      };
    });
  const result = {
    command: `npm run soak -- ${process.argv.slice(2).join(" ")}`.trim(),
    date: new Date().toISOString(),
    options: { jobs: jobCount, faults: values.faults, crashEvery, seed: Number(values.seed) },
    ok: invariants.every((i) => i.ok),
    wallSeconds: Math.round((Date.now() - started) / 1000),
    counts: {
      jobs: state.jobs.length,
      accepted: accepted.size,
      jobStatuses: statuses,
      submissions: counts.submissions,
      regenerates: counts.regenerates,
      hookReplays: counts.hookReplays,
      events: state.events.length,
      redrives: eventTypes.StageRedriven ?? 0,
      crashes: counts.crashes,
      sweeps: counts.sweeps,
      callsRetried: counts.retriedCalls,
      deliveries,
      receiver: { ...receiver.stats, accepted: receiver.accepted.size },
      rebuild: rebuild.body,
    },
    stuckTrails,
    faultsInjected: {
      web: worldStats.web,
      llm: Object.fromEntries(
        Object.entries(worldStats.providers).map(([name, p]) => [
          name,
          { requests: p.requests, rateLimited: p.rateLimited, errors: p.errors, malformed: p.malformed },
        ]),
      ),
    },
    invariants,
  };
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  for (const invariant of invariants) {
    console.log(`${invariant.ok ? "ok  " : "FAIL"} ${invariant.name}${invariant.ok ? "" : ` (${invariant.broken})`}`);
    for (const example of invariant.examples) console.log(`       ${JSON.stringify(example)}`);
  }
  const c = result.counts;
  console.log(
    [
      `jobs ${c.jobs} (${JSON.stringify(c.jobStatuses)}), regenerates ${c.regenerates}, events ${c.events}`,
      `deliveries ${JSON.stringify(c.deliveries)} (receiver: ${c.receiver.accepted} accepted, ${c.receiver.refused} refused once, ${c.receiver.gone} gone, ${c.receiver.duplicates} duplicates)`,
      `redrives ${c.redrives}, crashes ${c.crashes}, sweeps ${c.sweeps}, wall ${result.wallSeconds} s`,
      `faults: web ${JSON.stringify({ ...worldStats.web, declinedPaths: undefined, robotsDeclinedPaths: undefined })}`,
      `written to ${path.relative(ROOT, values.out)}`,
    ].join("\n"),
  );
  if (values.readme) {
    const held = invariants.filter((i) => i.ok).length;
    writeReadmeResults(
      "soak",
      markdownTable(
        ["figure", "value"],
        [
          ["command", `\`${result.command}\``],
          ["date", result.date.slice(0, 10)],
          ["invariants held", `${held} of ${invariants.length}`],
          [
            "jobs (accepted)",
            `${c.jobs} (${c.accepted}): ${Object.entries(c.jobStatuses)
              .map(([k, v]) => `${v} ${k}`)
              .join(", ")}`,
          ],
          [
            "submitted as",
            Object.entries(c.submissions)
              .map(([k, v]) => `${v} ${k}`)
              .join(", "),
          ],
          ["regenerations", c.regenerates],
          ["events", c.events],
          [
            "deliveries",
            Object.entries(c.deliveries)
              .map(([k, v]) => `${v} ${k}`)
              .join(", "),
          ],
          [
            "receiver",
            `${c.receiver.accepted} accepted, ${c.receiver.refused} refused once, ${c.receiver.gone} answered 410, ${c.receiver.duplicates} duplicates`,
          ],
          ["crashes (SIGKILL) / sweeps / stage re-drives", `${c.crashes} / ${c.sweeps} / ${c.redrives}`],
          [
            "faults injected by the web",
            Object.entries(worldStats.web)
              .filter(([k]) => k !== "declinedPaths" && k !== "robotsDeclinedPaths")
              .map(([k, v]) => `${k} ${v}`)
              .join(", "),
          ],
          [
            "LLM calls: 429s / 5xx / malformed",
            Object.entries(result.faultsInjected.llm)
              .map(([k, p]) => `${k} ${p.rateLimited} / ${p.errors} / ${p.malformed} of ${p.requests}`)
              .join("; "),
          ],
          ["wall time", `${result.wallSeconds} s`],
        ],
      ),
    );
  }
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (stack) console.error(stack.workerOutput.slice(-20).join("\n"));
  process.exitCode = 1;
} finally {
  await stopAll();
}
