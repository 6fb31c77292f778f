// Extraction benchmark: this project's extractor against Mozilla Readability on linkedom, same pages, same run.
// Usage: npm run bench:extract -- [--data DIR] [--out predictions.json] [--sample N] [--repeat N] [--variant NAME]
//   [--ceilings] [--conventions]
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readOptions } from "../scripts/lib/cli.mjs";
import { loadExtractor, PARTS_ENTRY } from "./lib/build-extractor.mjs";
import { datasetExists, loadPages } from "./lib/dataset.mjs";
import { ceilings } from "./lib/extract-ceilings.mjs";
import { conventions } from "./lib/extract-conventions.mjs";
import { variant } from "./lib/extract-variants.mjs";
import { extract as readabilityText } from "./lib/readability-baseline.mjs";
import { pageOverlap, score } from "./lib/shingle-metric.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const WARMUP_PAGES = 3;
/** A page is listed as a regression when this project's F1 on it is this much below Readability's. */
const REGRESSION_MARGIN = 0.05;

const USAGE =
  "npm run bench:extract -- [--data DIR] [--out predictions.json] [--sample N] [--repeat N] [--variant NAME] [--ceilings] [--conventions]";
const { values: args } = readOptions(
  {
    options: {
      data: { type: "string" },
      out: { type: "string" },
      sample: { type: "string" },
      repeat: { type: "string" },
      variant: { type: "string" },
      ceilings: { type: "boolean" },
      conventions: { type: "boolean" },
    },
  },
  USAGE,
);
const dataDir = resolve(REPO, args.data ?? "../shared/datasets/extraction-dev");
if (!datasetExists(dataDir)) {
  console.error(`No extraction dataset at ${dataDir} (expects ground-truth.json and html/). Pass --data DIR.`);
  process.exit(2);
}

const variantName = args.variant ?? "as-served";
let transform;
try {
  transform = variant(variantName);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const pages = sample(loadPages(dataDir), Number(args.sample ?? 0)).map((page) => {
  const html = transform(page.html);
  return html === page.html ? page : { ...page, html, bytes: Buffer.byteLength(html) };
});
const extractor = await loadExtractor(args.ceilings ? PARTS_ENTRY : undefined);
const { extractPage, readabilityRuns } = extractor;
/** Pages on which this project's extractor asked Readability, counted on the first reading of each page. */
const consulted = new Set();
const extractors = [
  {
    name: "optiblog",
    run: (page) => {
      const before = readabilityRuns();
      const text = extractPage(page.html, page.url).text;
      if (readabilityRuns() > before) consulted.add(page.id);
      return text;
    },
  },
  { name: "readability", run: (page) => readabilityText(page.html) },
];
const repeat = Math.max(1, Math.floor(Number(args.repeat ?? 1)) || 1);
const runs = runInterleaved(extractors, pages, repeat);
const results = extractors.map((extractor, i) => summarise(extractor.name, runs[i], pages));

const megabytes = pages.reduce((sum, page) => sum + page.bytes, 0) / 1e6;
console.log(`dataset ${dataDir}: ${pages.length} pages, ${megabytes.toFixed(1)} MB of HTML, variant ${variantName}`);
printTable(results);
const [ours, baseline] = results;
console.log(
  `\nratio optiblog/readability: F1 ${(ours.all.f1 / baseline.all.f1).toFixed(3)}, ` +
    `median ms/page ${(ours.medianMs / baseline.medianMs).toFixed(2)}, ` +
    `median CPU ms/page ${(ours.medianCpuMs / baseline.medianCpuMs).toFixed(2)}, MB/s ${(ours.mbPerS / baseline.mbPerS).toFixed(2)}`,
);
console.log(`optiblog asked Readability on ${consulted.size} of ${pages.length} pages`);
printHalves(results, pages);
printRegressions(ours, baseline, pages);
if (args.ceilings) printCeilings(ours, baseline, pages);
if (args.conventions) printConventions(pages);
if (args.out) {
  writeFileSync(args.out, JSON.stringify(Object.fromEntries(pages.map((page, i) => [page.id, ours.texts[i]]))));
  console.log(`wrote ${resolve(args.out)}`);
}

/**
 * Runs every extractor on each page before moving to the next page, alternating which goes first, so that
 * a change in machine load during the run hits both alike. Times are wall-clock and CPU time per call: on a
 * shared machine the wall clock also counts the time other processes held the cores. With `repeat` > 1 every
 * page is read that many times in turn and its fastest time kept, which is what load on the machine cannot
 * lower.
 */
function runInterleaved(extractors, pages, repeat) {
  for (const page of pages.slice(0, WARMUP_PAGES)) for (const extractor of extractors) extractor.run(page);
  const runs = extractors.map(() => ({ texts: [], times: [], cpuTimes: [] }));
  for (let round = 0; round < repeat; round++) {
    pages.forEach((page, p) => {
      const order = (p + round) % 2 === 0 ? extractors.keys() : [...extractors.keys()].reverse();
      for (const i of order) {
        const cpuStart = cpuMs();
        const start = performance.now();
        const text = extractors[i].run(page) ?? "";
        const time = performance.now() - start;
        const cpuTime = cpuMs() - cpuStart;
        if (round === 0) runs[i].texts[p] = text;
        runs[i].times[p] = Math.min(runs[i].times[p] ?? Infinity, time);
        runs[i].cpuTimes[p] = Math.min(runs[i].cpuTimes[p] ?? Infinity, cpuTime);
      }
    });
  }
  return runs;
}

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function summarise(name, { texts, times, cpuTimes }, pages) {
  const overlaps = pages.map((page, i) => pageOverlap(page.truth, texts[i]));
  const datasets = [...new Set(pages.map((page) => page.dataset))].sort();
  const perDataset = Object.fromEntries(
    datasets.map((name) => [name, score(overlaps.filter((_, i) => pages[i].dataset === name))]),
  );
  const totalSeconds = times.reduce((sum, t) => sum + t, 0) / 1000;
  const bytes = pages.reduce((sum, page) => sum + page.bytes, 0);
  return {
    name,
    texts,
    overlaps,
    all: score(overlaps),
    perDataset,
    medianMs: median(times),
    medianCpuMs: median(cpuTimes),
    mbPerS: bytes / 1e6 / totalSeconds,
  };
}

function printTable(results, { timed = true } = {}) {
  const datasets = Object.keys(results[0].perDataset);
  const header = ["extractor", "F1", "P", "R", ...datasets, ...(timed ? ["med ms", "med cpu ms", "MB/s"] : [])];
  const rows = results.map((r) => [
    r.name,
    ...[r.all.f1, r.all.precision, r.all.recall, ...datasets.map((d) => r.perDataset[d].f1)].map((x) => x.toFixed(3)),
    ...(timed ? [r.medianMs.toFixed(2), r.medianCpuMs.toFixed(2), r.mbPerS.toFixed(2)] : []),
  ]);
  printRows(header, rows);
}

/** Rows of cells as columns padded to their widest cell. */
function printRows(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
}

/**
 * F1 on each half of the pages, split by a hash of the page id: heuristics developed on one half should
 * score as well on the other, or they are fitted to the pages rather than to the web.
 */
function printHalves(results, pages) {
  const half = pages.map((page) => createHash("sha256").update(page.id).digest()[0] % 2);
  const cells = (r, h) => {
    const own = r.overlaps.filter((_, i) => half[i] === h);
    return `${score(own).f1.toFixed(3)} (${own.length} pages)`;
  };
  console.log("\nby half of the page ids (sha256 first byte even / odd):");
  for (const r of results) console.log(`  ${r.name.padEnd(12)} even ${cells(r, 0)}  odd ${cells(r, 1)}`);
}

function printRegressions(ours, baseline, pages) {
  const pageF1 = ({ tp, fp, fn }) => (tp === 0 ? (fp === 0 && fn === 0 ? 1 : 0) : (2 * tp) / (2 * tp + fp + fn));
  const losses = pages
    .map((page, i) => ({ id: page.id, ours: pageF1(ours.overlaps[i]), baseline: pageF1(baseline.overlaps[i]) }))
    .filter((row) => row.baseline - row.ours > REGRESSION_MARGIN)
    .sort((a, b) => a.ours - a.baseline - (b.ours - b.baseline));
  const empty = pages.filter((page, i) => page.truth.trim() && !ours.texts[i].trim()).map((page) => page.id);
  console.log(
    `\npages where ${ours.name} is more than ${REGRESSION_MARGIN} F1 below ${baseline.name}: ${losses.length}`,
  );
  for (const row of losses) {
    console.log(`  ${row.id.padEnd(48)} ${row.ours.toFixed(3)} vs ${row.baseline.toFixed(3)}`);
  }
  console.log(
    `pages where ${ours.name} returns nothing but the truth has text: ${empty.length ? empty.join(" ") : "none"}`,
  );
}

/**
 * What changing only the kept blocks, or only the choice between the two readings, could reach at best, scored
 * with the truth in hand: where the run's F1 is close to these, no rule of that kind has much left to find.
 */
function printCeilings(ours, baseline, pages) {
  const { parseDocument, pruneDocument, contentRoot, segmentBlocks } = extractor;
  const pageBlocks = (page) => {
    const doc = parseDocument(page.html);
    pruneDocument(doc);
    return segmentBlocks(contentRoot(doc).element).map((block) => block.text);
  };
  const rows = ceilings(pages, ours.texts, baseline.texts, pageBlocks);
  console.log(`\nceilings of ${ours.name} (the truth in hand; see bench/lib/extract-ceilings.mjs):`);
  printTable([ours, ...rows], { timed: false });
}

/** The share of each disputed part of a page that each dataset's truth keeps (`bench/lib/extract-conventions.mjs`). */
function printConventions(pages) {
  const table = conventions(pages);
  const datasets = [...new Set(pages.map((page) => page.dataset))].sort();
  console.log("\nshare of each part's text the truth keeps, by dataset (pages with the part in brackets):");
  const header = ["part", ...datasets];
  const rows = [...table].map(([name, row]) => [
    name,
    ...datasets.map((dataset) => {
      const cell = row.get(dataset);
      return cell ? `${(cell.kept / cell.shingles).toFixed(2)} (${cell.pages})` : "-";
    }),
  ]);
  printRows(header, rows);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Every k-th page per dataset, round-robin, so a small sample still covers every source. */
function sample(pages, size) {
  if (!size || size >= pages.length) return pages;
  const groups = Map.groupBy(pages, (page) => page.dataset);
  const ordered = [...groups.keys()].sort().map((key) => groups.get(key));
  const picked = [];
  for (let i = 0; picked.length < size; i++) {
    for (const group of ordered) if (i < group.length && picked.length < size) picked.push(group[i]);
  }
  return picked.sort((a, b) => (a.id < b.id ? -1 : 1));
}
