/**
 * npm run bench:cpu [-- --articles 60 --sources 10 --readme]
 *
 * The CPU time of one article's Worker work without the waits (network, LLM): research over 10 fixture pages
 * already in memory (extraction, validity, relevance, competitor analysis), the extractive writer with its
 * assessment and revisions, rendering to HTML, Markdown and JSON, and the events' validation and encoding as the
 * appends do them. Measured per article, median and p95, two ways: the main thread's CPU (`process.threadCpuUsage()`,
 * the thread the article's JavaScript runs on, as a Worker's request does; the target is read against it) and the
 * whole process's (`process.cpuUsage()`, adding V8's garbage-collector and compiler helper threads, whose share grows
 * with the machine's load: the pessimistic bound). Then the bundle
 * `wrangler deploy --dry-run` builds: its size, raw and gzipped, and its start-up CPU time as
 * `wrangler check startup` profiles it in a fresh local workerd. Targets: ≤ 50 ms CPU an article, ≤ 1 MiB gzip.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readOptions } from "../scripts/lib/cli.mjs";
import { markdownTable, writeReadmeResults } from "../scripts/lib/readme-results.mjs";
import { UrlListSearch } from "../src/adapters/search/urls";
import { EventDataSchemas } from "../src/core/jobs/events";
import { renderHtml, renderJson, renderMarkdown } from "../src/core/render/index";
import { runResearch } from "../src/core/research/stage";
import { ExtractiveWriter } from "../src/core/writing/extractive/index";
import { articleWork, pagesByTopic, TOPICS } from "./lib/article-work";
import { writeAndAssess } from "./lib/fixture-job";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "npm run bench:cpu -- [--articles 60] [--sources 10] [--out bench/results/cpu.json] [--readme]";
const { values } = readOptions(
  {
    options: {
      articles: { type: "string", default: "60" },
      sources: { type: "string", default: "10" },
      out: { type: "string", default: join(root, "bench", "results", "cpu.json") },
      readme: { type: "boolean", default: false },
    },
  },
  USAGE,
);
const articles = Number(values.articles);
const sourceCount = Number(values.sources);
if (!Number.isInteger(articles) || articles < 1 || !Number.isInteger(sourceCount) || sourceCount < 1) {
  console.error("--articles and --sources must be whole numbers ≥ 1");
  process.exit(2);
}

const ms = (used: NodeJS.CpuUsage) => (used.user + used.system) / 1000;

const work = articleWork({
  UrlListSearch,
  EventDataSchemas,
  renderHtml,
  renderMarkdown,
  renderJson,
  runResearch,
  ExtractiveWriter,
  writeAndAssess,
});

async function oneArticle(keyword: string, pages: Map<string, string>) {
  const started = process.cpuUsage();
  const startedThread = process.threadCpuUsage();
  const report = await work(keyword, pages);
  return {
    threadMs: ms(process.threadCpuUsage(startedThread)),
    ms: ms(process.cpuUsage(started)),
    usable: report.sources.filter((s) => s.status === "ok").length,
  };
}

function wrangler(args: string[]): void {
  execFileSync(process.execPath, [join(root, "node_modules", "wrangler", "bin", "wrangler.js"), ...args], {
    cwd: root,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
    stdio: "pipe",
  });
}

function bundle(): { bytes: number; gzipBytes: number } {
  const outdir = mkdtempSync(join(tmpdir(), "optiblog-bundle-"));
  try {
    wrangler(["deploy", "--dry-run", "--outdir", outdir]);
    const files = readdirSync(outdir, { recursive: true })
      .map(String)
      .filter((name) => /\.(m?js|wasm)$/.test(name) && statSync(join(outdir, name)).isFile());
    const contents = Buffer.concat(files.map((name) => readFileSync(join(outdir, name))));
    return { bytes: contents.length, gzipBytes: gzipSync(contents, { level: 9 }).length };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** CPU time of a start-up profile: sampled time less idle, and the garbage collection within it, in ms. */
function activeTime(profile: CpuProfile): { activeMs: number; gcMs: number } {
  const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
  let active = 0;
  let gc = 0;
  (profile.timeDeltas ?? []).forEach((delta, i) => {
    const name = names.get(profile.samples?.[i] ?? -1);
    if (name === "(idle)") return;
    active += delta;
    if (name === "(garbage collector)") gc += delta;
  });
  return { activeMs: active / 1000, gcMs: gc / 1000 };
}

/**
 * The bundle's start-up: `wrangler check startup` loads the built Worker in a fresh local workerd and profiles
 * the evaluation of its global scope (what a cold start pays before the first request is handled). Median of
 * `runs` fresh starts; local CPU, so a guide to Cloudflare's figure rather than the figure itself.
 */
function startup(runs = 3): { activeMs: number; gcMs: number } {
  const dir = mkdtempSync(join(tmpdir(), "optiblog-startup-"));
  try {
    const worker = join(dir, "worker.bundle");
    wrangler(["deploy", "--dry-run", "--outfile", worker]);
    const starts = Array.from({ length: runs }, (_, i) => {
      const outfile = join(dir, `startup-${i}.cpuprofile`);
      wrangler(["check", "startup", "--worker", worker, "--outfile", outfile]);
      return activeTime(JSON.parse(readFileSync(outfile, "utf8")) as CpuProfile);
    }).sort((a, b) => a.activeMs - b.activeMs);
    return starts[Math.floor(runs / 2)] as { activeMs: number; gcMs: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

const topics = await pagesByTopic(sourceCount);
// Warm-up: the first article pays for module evaluation and JIT, which an isolate pays once, not per article.
for (const [keyword, pages] of topics) await oneArticle(keyword, pages);
const times: number[] = [];
const threadTimes: number[] = [];
let usable = 0;
for (let i = 0; i < articles; i++) {
  const keyword = TOPICS[i % TOPICS.length] as string;
  const result = await oneArticle(keyword, topics.get(keyword) as Map<string, string>);
  times.push(result.ms);
  threadTimes.push(result.threadMs);
  usable += result.usable;
}
times.sort((a, b) => a - b);
threadTimes.sort((a, b) => a - b);
const size = bundle();
const start = startup();
const result = {
  command: `npm run bench:cpu -- ${process.argv.slice(2).join(" ")}`.trim(),
  date: new Date().toISOString(),
  articles,
  sourcesPerArticle: sourceCount,
  usableSourcesPerArticle: round(usable / articles),
  mainThreadCpuMs: {
    median: round(quantile(threadTimes, 0.5)),
    p95: round(quantile(threadTimes, 0.95)),
    max: round(threadTimes.at(-1) ?? 0),
  },
  cpuMs: { median: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), max: round(times.at(-1) ?? 0) },
  bundle: size,
  startup: { activeMs: round(start.activeMs), gcMs: round(start.gcMs) },
  targets: { cpuMsPerArticle: 50, bundleGzipBytes: 1024 * 1024 },
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
const table = markdownTable(
  ["figure", "value", "target"],
  [
    [`CPU per article (${sourceCount} sources), main thread, median`, `${result.mainThreadCpuMs.median} ms`, "≤ 50 ms"],
    ["CPU per article, main thread, p95", `${result.mainThreadCpuMs.p95} ms`, "—"],
    ["CPU per article, whole process (with V8's helper threads), median", `${result.cpuMs.median} ms`, "—"],
    ["CPU per article, whole process, p95", `${result.cpuMs.p95} ms`, "—"],
    ["usable sources per article", result.usableSourcesPerArticle, "—"],
    ["bundle (wrangler deploy --dry-run)", `${(size.bytes / 1024).toFixed(0)} KiB`, "—"],
    ["bundle, gzip", `${(size.gzipBytes / 1024).toFixed(0)} KiB`, "≤ 1024 KiB"],
    ["start-up CPU (wrangler check startup, local, median of 3)", `${result.startup.activeMs} ms`, "—"],
  ],
);
console.log(table);
if (values.readme)
  writeReadmeResults("cpu", `\`${result.command}\`, ${result.date.slice(0, 10)}, ${articles} articles:\n\n${table}`);
