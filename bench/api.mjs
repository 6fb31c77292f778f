#!/usr/bin/env node
// npm run bench:api [-- --seconds 5 --connections 10]
// autocannon against `wrangler dev` in one run: GET /health as the floor, a finished article, the article list and
// POST /v1/articles (accepts), each as p50/p99 latency and requests/s, and as a ratio to /health measured here.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { callApi } from "../scripts/lib/bench-api.mjs";
import { readOptions } from "../scripts/lib/cli.mjs";
import { markdownTable, writeReadmeResults } from "../scripts/lib/readme-results.mjs";
import { startStack } from "../scripts/lib/stack.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "npm run bench:api -- [--seconds 5] [--connections 10] [--out bench/results/api.json] [--readme]";
const { values } = readOptions(
  {
    options: {
      seconds: { type: "string", default: "5" },
      connections: { type: "string", default: "10" },
      out: { type: "string", default: path.join(ROOT, "bench", "results", "api.json") },
      readme: { type: "boolean", default: false },
    },
  },
  USAGE,
);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) {
  console.error("--seconds must be > 0 and --connections a whole number ≥ 1");
  process.exit(2);
}

const stack = await startStack({
  logLevel: "warn",
  vars: {
    RATE_LIMIT_PER_MINUTE: "10000000",
    PLAN_RATE_LIMITS: JSON.stringify({ free: 10_000_000, pro: 10_000_000, enterprise: 10_000_000 }),
    LOG_LEVEL: "error",
    CRAWL_MIN_INTERVAL_MS: "0",
  },
});
const stop = () => stack.stop().catch(() => {});
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stop().then(() => process.exit(130)));

const api = (key, method, pathName, body) => callApi(stack.baseUrl, key, method, pathName, body);

function measure(name, { path: pathName, ...options }) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${stack.baseUrl}${pathName}`, connections, duration: seconds, ...options }, (error, result) => {
      if (error) return reject(error);
      const errors = result.errors + result.timeouts + result.non2xx;
      resolve({
        name,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requests: result.requests.total,
        errors,
      });
    });
  });
}

try {
  const key = await stack.createTenantKey("Benchmark tenant");
  const pages = ["raised-bed-soil-mix", "raised-bed-garden-mistakes", "raised-bed-vegetable-garden-beginners-guide"];
  const job = await api(key, "POST", "/v1/articles", {
    keyword: "raised bed vegetable garden",
    urls: pages.map((slug) => `${stack.fixturesUrl}/garden/${slug}`),
  });
  for (let status = job.status; status !== "completed"; ) {
    await new Promise((r) => setTimeout(r, 1000));
    status = (await api(key, "GET", `/v1/articles/${job.id}`)).status;
    if (status === "failed") throw new Error("the article to read failed");
  }
  const auth = { authorization: `Bearer ${key}` };
  let n = 0;
  const rows = [];
  rows.push(await measure("GET /health", { path: "/health" }));
  rows.push(await measure("GET /v1/articles/:id (finished)", { path: `/v1/articles/${job.id}`, headers: auth }));
  rows.push(await measure("GET /v1/articles (list)", { path: "/v1/articles", headers: auth }));
  rows.push(
    await measure("POST /v1/articles (accept)", {
      path: "/v1/articles",
      // Distinct keywords, so each request is a new job (single flight would fold repeats); the one caller URL is a
      // missing fixture page, so the jobs end at once instead of crawling under the measurement.
      requests: [
        {
          method: "POST",
          path: "/v1/articles",
          headers: { ...auth, "content-type": "application/json" },
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ keyword: `benchmark keyword ${++n}`, urls: [`${stack.fixturesUrl}/nowhere/${n}`] }),
          }),
        },
      ],
    }),
  );
  const floor = rows[0];
  for (const row of rows) {
    row.rpsRatio = Math.round((row.requestsPerSecond / floor.requestsPerSecond) * 100) / 100;
    row.p50Ratio = Math.round((row.p50Ms / Math.max(1, floor.p50Ms)) * 100) / 100;
    row.p99Ratio = Math.round((row.p99Ms / Math.max(1, floor.p99Ms)) * 100) / 100;
  }
  const result = {
    command: `npm run bench:api -- ${process.argv.slice(2).join(" ")}`.trim(),
    date: new Date().toISOString(),
    seconds,
    connections,
    rows,
  };
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  const table = markdownTable(
    ["request", "req/s", "p50 ms", "p99 ms", "req/s ÷ /health", "p50 ÷ /health", "p99 ÷ /health", "non-2xx or errors"],
    rows.map((r) => [r.name, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.rpsRatio, r.p50Ratio, r.p99Ratio, r.errors]),
  );
  console.log(table);
  if (values.readme) {
    writeReadmeResults(
      "api",
      `\`${result.command}\`, ${result.date.slice(0, 10)}, ${connections} connections, ${seconds} s a request kind:\n\n${table}`,
    );
  }
  console.log(`written to ${path.relative(ROOT, values.out)}`);
} finally {
  await stop();
}
