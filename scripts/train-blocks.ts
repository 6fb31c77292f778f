// Trains the block classifier in scripts/train-blocks/ (boosted trees over each block's features) on the
// extraction development set and evaluates it held out: k folds split by a hash of the page id, and leaving one source
// dataset out at a time, against the current extractor on the same pages, with the benchmark's metric. With --write it
// writes the model trained on every page to scripts/train-blocks/weights.ts (extractPage does not use
// it). The dataset is optional: without it the script says so and stops.
//
// Variants: own (the page's blocks with our region, no Readability), current (plus the current extractor's decision
// on each block; the model edits that text, overriding a decision only when its log-odds pass --margin),
// readability (plus whether Readability's region has the block, Readability run on every page).
// A block's label: at least half of its 4-token shingles are in the page's truth (a shorter block: its tokens are),
// and, for a block that repeats an earlier one, the truth holds its text as many times (the metric counts shingles as
// a multiset). The current extractor's lines are matched to the page's blocks in reading order (its text made of
// readable characters, as the extractor's is); a block whose text stands inside a longer line of its reading counts
// as kept and is never added again. Every variant gets a feature saying whether a block repeats an earlier one.
//
// Usage: npx tsx scripts/train-blocks.ts [--data DIR] [--variant own|current|readability] [--folds 5]
//          [--trees 200] [--depth 4] [--rate 0.05] [--margin 0,0.5,1] [--skip-datasets] [--worst N] [--explain ID]
//          [--cache FILE (features read once, then from FILE)] [--page-features] [--write]
//
// --page-features adds to every block the features of its page that stand for its template's age (viewport, HTML5
// elements, doctype, scripts, table layout, whether our region is clear, the year it was published):
// `train-blocks/page-features.ts`.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { datasetExists, loadPages } from "../bench/lib/dataset.mjs";
import { pageOverlap, score } from "../bench/lib/shingle-metric.mjs";
import { segmentBlocks } from "../src/core/research/extract/blocks";
import { removeBoilerplate } from "../src/core/research/extract/boilerplate";
import { readableCharacters } from "../src/core/research/extract/characters";
import { parseDocument } from "../src/core/research/extract/dom";
import { extractPage } from "../src/core/research/extract/index";
import { contentRoot, wellFormed } from "../src/core/research/extract/parse";
import { pruneDocument } from "../src/core/research/extract/prune";
import { readabilityContent } from "../src/core/research/extract/readability";
import { chooseRegion } from "../src/core/research/extract/regions";
import { readOptions } from "./lib/cli.mjs";
import { blockFeatures, decisionFeatures, decisionNames, FEATURE_NAMES } from "./train-blocks/features";
import { type Tree, type TreeModel, treeScore } from "./train-blocks/model";
import { type PageBlock, pageBlocks } from "./train-blocks/page-blocks";
import { PAGE_FEATURE_NAMES, pageFeatures, pageMarkup } from "./train-blocks/page-features";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const WEIGHTS = resolve(REPO, "scripts/train-blocks/weights.ts");
/** A block is the article's when this share of its shingles is in the page's truth. */
const LABEL_SHARE = 0.5;
/** A truth shorter than this many words still weighs a block's words as if it had this many. */
const MIN_TRUTH_WORDS = 50;
const MAX_DEPTH = 400;
/**
 * A block this long whose text stands inside a longer line of a reading is that reading's, and one that repeats an
 * earlier block's text is a repeat (a shorter one may be a word such as "Share").
 */
const MATCH_CHARS = 20;
/** Tokens in a shingle of the benchmark's metric. */
const SHINGLE = 4;

const USAGE =
  "tsx scripts/train-blocks.ts [--data DIR] [--folds N] [--variant NAME] [--trees N] [--depth N] [--rate R] [--write] [--cache file] [--margin M] [--worst N] [--explain URL] [--skip-datasets] [--page-features]";
const { values: args } = readOptions(
  {
    options: {
      data: { type: "string" },
      folds: { type: "string" },
      variant: { type: "string" },
      trees: { type: "string" },
      depth: { type: "string" },
      rate: { type: "string" },
      write: { type: "boolean" },
      cache: { type: "string" },
      margin: { type: "string" },
      worst: { type: "string" },
      explain: { type: "string" },
      "skip-datasets": { type: "boolean" },
      "page-features": { type: "boolean" },
    },
  },
  USAGE,
);
const dataDir = resolve(REPO, args.data ?? "../shared/datasets/extraction-dev");
if (!datasetExists(dataDir)) {
  console.log(
    `No extraction dataset at ${dataDir} (ground-truth.json and html/): nothing to train on. Pass --data DIR.`,
  );
  process.exit(0);
}
const folds = Number(args.folds ?? 5);
const variant = args.variant ?? "own";
const withPage = args["page-features"] === true;
const params: Params = {
  trees: Number(args.trees ?? 200),
  depth: Number(args.depth ?? 4),
  rate: Number(args.rate ?? 0.05),
  lambda: 1,
  minHessian: 1,
  bins: 32,
};

interface Params {
  trees: number;
  depth: number;
  rate: number;
  lambda: number;
  minHessian: number;
  bins: number;
}

interface Page {
  id: string;
  dataset: string;
  truth: string;
  fold: number;
  /** The page's blocks' texts, in reading order. */
  texts: string[];
  /** Blocks whose text the current extractor's reading holds inside a longer line of its own (never added again). */
  covered: boolean[];
  rows: number[][];
  /** The page's own features (`PAGE_FEATURE_NAMES`), added to each row with --page-features. */
  page: number[];
  labels: number[];
  weights: number[];
  current: string;
}

const started = performance.now();
const pages: Page[] =
  args.cache && existsSync(args.cache)
    ? JSON.parse(readFileSync(args.cache, "utf8"))
    : loadPages(dataDir).map(readPage);
if (args.cache && !existsSync(args.cache)) writeFileSync(args.cache, JSON.stringify(pages));
for (const page of pages) {
  const repeated = repeats(page.texts);
  for (const [i, row] of page.rows.entries()) {
    row.push(repeated[i] as number);
    if (withPage) row.push(...page.page);
  }
}

console.log(
  `${pages.length} pages, ${pages.reduce((sum, page) => sum + page.texts.length, 0)} blocks, ` +
    `${FEATURE_NAMES.length + extraNames().length} features, variant ${variant}, ` +
    `read in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

function readPage(raw: { id: string; dataset: string; truth: string; html: string; url: string }): Page {
  const current = extractPage(raw.html, raw.url).text;
  const first = parseDocument(raw.html);
  let blocks: PageBlock[] = [];
  let readable = new Set<string>();
  let page: number[] = [];
  const markup = pageMarkup(first, raw.html, raw.url);
  if (pruneDocument(first) <= MAX_DEPTH) {
    const { doc } = wellFormed(first, raw.html);
    const { element: root, chars } = contentRoot(doc);
    const choice = chooseRegion(root, chars);
    blocks = pageBlocks(root, choice.region?.element ?? null, chars);
    page = pageFeatures(markup, blocks, choice);
    if (variant === "readability") readable = readableTexts(doc);
  }
  // The extractor's text is made of readable characters (`readableCharacters`): the blocks are read the same way.
  const texts = blocks.map((block) => readableCharacters(block.text));
  const { kept, covered } = aligned(texts, current ? current.split("\n") : []);
  const extra =
    variant === "current"
      ? kept.map((flag, i) => flag || (covered[i] as boolean))
      : variant === "readability"
        ? blocks.map((block) => readable.has(block.text))
        : null;
  const truthRuns = tokenRuns(raw.truth);
  const truthWords = Math.max(MIN_TRUTH_WORDS, tokens(raw.truth).length);
  const truthText = ` ${tokens(raw.truth).join(" ")} `;
  const seen = new Map<string, number>();
  const labels: number[] = [];
  const weights: number[] = [];
  for (const block of blocks) {
    const words = tokens(block.text);
    // The metric counts shingles as a multiset: a block that repeats an earlier one (a hidden copy, a teaser of the
    // article's first paragraph) is the article's only where the truth holds its text as many times.
    const key = words.join(" ");
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    const repeated = nth > 1 && key !== "" && occurrences(truthText, ` ${key} `) < nth;
    labels.push(!repeated && articleShare(words, truthRuns) >= LABEL_SHARE ? 1 : 0);
    // A block moves its own shingles and the ones that join it to its neighbours: up to three more.
    weights.push((words.length + SHINGLE - 1) / truthWords);
  }
  const rows = blockFeatures(blocks);
  if (extra) {
    const decision = decisionFeatures(blocks, extra);
    for (const [i, row] of rows.entries()) row.push(...(decision[i] as number[]));
  }
  return {
    id: raw.id,
    dataset: raw.dataset,
    truth: raw.truth,
    fold: foldOf(raw.id),
    texts,
    covered,
    rows,
    page: page.length ? page : pageFeatures(markup, [], null),
    labels,
    weights,
    current,
  };
}

/**
 * Which of the page's blocks a reading holds: its lines matched to the blocks in reading order, each block at most
 * once, as `learnedText` matches them (a line that repeats an earlier block's text is the block after it), and,
 * `covered`, the blocks whose text stands inside one of its lines that match no block (Readability's reading can
 * join blocks that ours splits): adding those would repeat their text.
 */
function aligned(texts: readonly string[], lines: readonly string[]): { kept: boolean[]; covered: boolean[] } {
  const kept = texts.map(() => false);
  const unmatched: string[] = [];
  let next = 0;
  for (const line of lines) {
    const at = texts.indexOf(line, next);
    if (at < 0) {
      unmatched.push(line);
      continue;
    }
    kept[at] = true;
    next = at + 1;
  }
  const covered = texts.map(
    (text, i) => !kept[i] && text.length >= MATCH_CHARS && unmatched.some((line) => line.includes(text)),
  );
  return { kept, covered };
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length - 1)) count++;
  return count;
}

/** Whether each block repeats the text of an earlier one (a hidden copy, a teaser of the article's first lines). */
function repeats(texts: readonly string[]): number[] {
  const seen = new Set<string>();
  return texts.map((text) => {
    if (text.length < MATCH_CHARS) return 0;
    if (seen.has(text)) return 1;
    seen.add(text);
    return 0;
  });
}

function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** The truth's runs of one to four tokens: a block shorter than a shingle is the article's when its run is there. */
function tokenRuns(text: string): Set<string> {
  const words = tokens(text);
  const runs = new Set<string>();
  for (let size = 1; size <= SHINGLE; size++) {
    for (let start = 0; start + size <= words.length; start++) runs.add(words.slice(start, start + size).join(" "));
  }
  return runs;
}

/** The share of a block's shingles (the block itself when shorter than one) found in the truth. */
function articleShare(words: string[], truthRuns: Set<string>): number {
  if (words.length === 0) return 0;
  if (words.length <= SHINGLE) return truthRuns.has(words.join(" ")) ? 1 : 0;
  let found = 0;
  for (let start = 0; start + SHINGLE <= words.length; start++) {
    if (truthRuns.has(words.slice(start, start + SHINGLE).join(" "))) found++;
  }
  return found / (words.length - SHINGLE + 1);
}

function readableTexts(doc: ReturnType<typeof parseDocument>): Set<string> {
  try {
    const region = readabilityContent(doc);
    if (!region) return new Set();
    removeBoilerplate(region);
    return new Set(segmentBlocks(region).map((block) => block.text));
  } catch {
    return new Set();
  }
}

function extraNames(): string[] {
  return [...(variant === "own" ? [] : decisionNames(variant)), "repeats", ...(withPage ? PAGE_FEATURE_NAMES : [])];
}

function foldOf(id: string): number {
  return createHash("sha256").update(id).digest().readUInt32BE(0) % folds;
}

// ---------------------------------------------------------------- gradient-boosted trees

interface Matrix {
  rows: number[][];
  labels: number[];
  weights: number[];
}

function gather(set: Page[]): Matrix {
  return {
    rows: set.flatMap((page) => page.rows),
    labels: set.flatMap((page) => page.labels),
    weights: set.flatMap((page) => page.weights),
  };
}

/** Quantile thresholds of each feature over the training rows: a split is chosen among them. */
function thresholds(rows: number[][], bins: number): number[][] {
  const width = rows[0]?.length ?? 0;
  const cuts: number[][] = [];
  for (let f = 0; f < width; f++) {
    const values = rows.map((row) => row[f] as number).sort((a, b) => a - b);
    const set = new Set<number>();
    for (let b = 1; b < bins; b++) set.add(values[Math.floor((b * values.length) / bins)] as number);
    cuts.push([...set].sort((a, b) => a - b));
  }
  return cuts;
}

function binned(rows: number[][], cuts: number[][]): Uint8Array[] {
  return cuts.map((cut, f) => {
    const column = new Uint8Array(rows.length);
    rows.forEach((row, i) => {
      const value = row[f] as number;
      let bin = 0;
      while (bin < cut.length && value > (cut[bin] as number)) bin++;
      column[i] = bin;
    });
    return column;
  });
}

function trainTrees({ rows, labels, weights }: Matrix, p: Params): TreeModel {
  const n = rows.length;
  const cuts = thresholds(rows, p.bins);
  const columns = binned(rows, cuts);
  const positive = labels.reduce((sum, label, i) => sum + label * (weights[i] as number), 0);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const base = Math.log(positive / (total - positive));
  const scores = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const node = new Int32Array(n);
  const trees: Tree[] = [];
  const inner = 2 ** p.depth - 1;
  for (let t = 0; t < p.trees; t++) {
    for (let i = 0; i < n; i++) {
      const prob = 1 / (1 + Math.exp(-(scores[i] as number)));
      const w = weights[i] as number;
      grad[i] = w * (prob - (labels[i] as number));
      hess[i] = w * Math.max(prob * (1 - prob), 1e-6);
    }
    node.fill(0);
    const feature = new Array<number>(inner).fill(0);
    const threshold = new Array<number>(inner).fill(Number.POSITIVE_INFINITY);
    for (let level = 0; level < p.depth; level++) {
      const first = 2 ** level - 1;
      const count = 2 ** level;
      const splits = bestSplits(columns, cuts, grad, hess, node, first, count, p);
      splits.forEach((split, k) => {
        if (split) {
          feature[first + k] = split.feature;
          threshold[first + k] = split.threshold;
        }
      });
      for (let i = 0; i < n; i++) {
        const at = node[i] as number;
        const f = feature[at] as number;
        node[i] = (rows[i]?.[f] as number) <= (threshold[at] as number) ? 2 * at + 1 : 2 * at + 2;
      }
    }
    const leafGrad = new Float64Array(inner + 1);
    const leafHess = new Float64Array(inner + 1);
    for (let i = 0; i < n; i++) {
      const leaf = (node[i] as number) - inner;
      leafGrad[leaf] = (leafGrad[leaf] as number) + (grad[i] as number);
      leafHess[leaf] = (leafHess[leaf] as number) + (hess[i] as number);
    }
    const leaf = Array.from(leafGrad, (g, k) => round((-g / ((leafHess[k] as number) + p.lambda)) * p.rate));
    for (let i = 0; i < n; i++) scores[i] = (scores[i] as number) + (leaf[(node[i] as number) - inner] as number);
    trees.push({ feature, threshold: threshold.map(round), leaf });
  }
  return { depth: p.depth, base: round(base), trees };
}

interface Split {
  feature: number;
  threshold: number;
}

function bestSplits(
  columns: Uint8Array[],
  cuts: number[][],
  grad: Float64Array,
  hess: Float64Array,
  node: Int32Array,
  first: number,
  count: number,
  p: Params,
): (Split | null)[] {
  const best: { gain: number; split: Split | null }[] = Array.from({ length: count }, () => ({ gain: 0, split: null }));
  const bins = p.bins + 1;
  const g = new Float64Array(count * bins);
  const h = new Float64Array(count * bins);
  columns.forEach((column, f) => {
    g.fill(0);
    h.fill(0);
    for (let i = 0; i < column.length; i++) {
      const k = (node[i] as number) - first;
      const at = k * bins + (column[i] as number);
      g[at] = (g[at] as number) + (grad[i] as number);
      h[at] = (h[at] as number) + (hess[i] as number);
    }
    const cut = cuts[f] as number[];
    for (let k = 0; k < count; k++) {
      let gTotal = 0;
      let hTotal = 0;
      for (let b = 0; b < bins; b++) {
        gTotal += g[k * bins + b] as number;
        hTotal += h[k * bins + b] as number;
      }
      const parent = (gTotal * gTotal) / (hTotal + p.lambda);
      let gLeft = 0;
      let hLeft = 0;
      for (let b = 0; b < cut.length; b++) {
        gLeft += g[k * bins + b] as number;
        hLeft += h[k * bins + b] as number;
        const hRight = hTotal - hLeft;
        if (hLeft < p.minHessian * 1e-3 || hRight < p.minHessian * 1e-3) continue;
        const gRight = gTotal - gLeft;
        const gain = (gLeft * gLeft) / (hLeft + p.lambda) + (gRight * gRight) / (hRight + p.lambda) - parent;
        const slot = best[k] as { gain: number; split: Split | null };
        if (gain > slot.gain) {
          slot.gain = gain;
          slot.split = { feature: f, threshold: cut[b] as number };
        }
      }
    }
  });
  return best.map((slot) => slot.split);
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

// ---------------------------------------------------------------- evaluation

type Overlap = { tp: number; fp: number; fn: number };

/** A held-out page with the model's log-odds for each of its blocks. */
interface Held {
  page: Page;
  scores: number[];
}

interface Scored {
  page: Page;
  learned: Overlap;
  current: Overlap;
}

/**
 * Whether the model keeps a block. With the current extractor's decision among the features, it overrides that
 * decision only when it is sure: a block the extractor `kept` goes when its log-odds are below -margin, one it
 * left out comes in when they are above margin.
 */
function keeps(held: Held, i: number, margin: number, kept = false): boolean {
  const score = held.scores[i] as number;
  return kept ? score >= -margin : score >= margin;
}

/** Whether the model adds a block the current extractor left out (one whose text its reading holds is never added). */
function adds(held: Held, i: number, margin: number): boolean {
  return !held.page.covered?.[i] && keeps(held, i, margin);
}

function holdOut(train: Page[], test: Page[]): Held[] {
  const model = trainTrees(gather(train), params);
  return test.map((page) => ({ page, scores: page.rows.map((row) => treeScore(model, row)) }));
}

function scored(held: Held[], margin: number): Scored[] {
  return held.map((h) => ({
    page: h.page,
    learned: pageOverlap(h.page.truth, learnedText(h, margin)),
    current: pageOverlap(h.page.truth, h.page.current),
  }));
}

/**
 * The page's text as the model decides it. With the current extractor's decision among the features, its text is
 * edited rather than rebuilt: its lines that match no block of the page (Readability's region can read a block
 * differently) stay, the others stay unless the model drops them, and the blocks the model adds go in reading order.
 */
function learnedText(h: Held, margin: number): string {
  const { texts, current } = h.page;
  if (variant === "own") return texts.filter((_, i) => keeps(h, i, 0)).join("\n");
  const out: string[] = [];
  let next = 0;
  for (const currentLine of current ? current.split("\n") : []) {
    const at = texts.indexOf(currentLine, next);
    if (at < 0) {
      out.push(currentLine);
      continue;
    }
    for (let i = next; i < at; i++) if (adds(h, i, margin)) out.push(texts[i] as string);
    if (keeps(h, at, margin, true)) out.push(currentLine);
    next = at + 1;
  }
  for (let i = next; i < texts.length; i++) if (adds(h, i, margin)) out.push(texts[i] as string);
  return out.join("\n");
}

function line(label: string, list: Scored[]): string {
  const learned = score(list.map((s) => s.learned));
  const current = score(list.map((s) => s.current));
  const fmt = (value: number) => value.toFixed(4);
  return (
    `${label.padEnd(22)} ${String(list.length).padStart(4)} ${upDown(list).padStart(8)}  learned F1 ${fmt(learned.f1)} (P ${fmt(learned.precision)} ` +
    `R ${fmt(learned.recall)})  current F1 ${fmt(current.f1)} (P ${fmt(current.precision)} R ${fmt(current.recall)})  ` +
    `diff ${(learned.f1 - current.f1 >= 0 ? "+" : "") + fmt(learned.f1 - current.f1)}`
  );
}

/** Pages the model lifts and lowers, by more than 0.0005 of page F1. */
function upDown(list: Scored[]): string {
  const diffs = list.map((s) => pageF1(s.learned) - pageF1(s.current));
  return `+${diffs.filter((d) => d > 0.0005).length}/-${diffs.filter((d) => d < -0.0005).length}`;
}

function pageF1(o: Overlap): number {
  return o.tp + o.fp + o.fn === 0 ? 1 : (2 * o.tp) / (2 * o.tp + o.fp + o.fn);
}

function report(title: string, held: Held[], groups: (h: Held) => string): void {
  for (const margin of margins) {
    const list = scored(held, margin);
    console.log(`\n${title}${variant === "own" ? "" : `, margin ${margin}`}`);
    for (const group of [...new Set(held.map(groups))].sort()) {
      console.log(
        line(
          `  ${group}`,
          list.filter((_, i) => groups(held[i] as Held) === group),
        ),
      );
    }
    console.log(line("  all", list));
    for (const dataset of datasets)
      console.log(
        line(
          `    ${dataset}`,
          list.filter((s) => s.page.dataset === dataset),
        ),
      );
    if (worst > 0) {
      const losses = list
        .map((s) => ({ id: s.page.id, diff: pageF1(s.learned) - pageF1(s.current) }))
        .sort((a, b) => a.diff - b.diff)
        .slice(0, worst);
      console.log(`    worst: ${losses.map((l) => `${l.id} ${l.diff.toFixed(3)}`).join(", ")}`);
    }
  }
}

/** One held-out page's blocks: label, the current extractor's decision, the model's log-odds, the text's start. */
function explain(held: Held | undefined): void {
  if (!held) return;
  const flag = FEATURE_NAMES.length;
  held.page.texts.forEach((text, i) => {
    const current = variant === "own" ? " " : held.page.rows[i]?.[flag] === 1 ? "C" : " ";
    const label = held.page.labels[i] === 1 ? "A" : " ";
    console.log(`${label}${current} ${(held.scores[i] as number).toFixed(2).padStart(6)}  ${text.slice(0, 100)}`);
  });
}

const datasets = [...new Set(pages.map((page) => page.dataset))].sort();
const margins = (args.margin ?? "0").split(",").map(Number);
const worst = Number(args.worst ?? 0);

/** What the blocks allow: the blocks labelled as the article's, and (variants other than own) the flagged ones. */
function bounds(): void {
  const keptBy = (page: Page, keep: (i: number) => boolean) => page.texts.filter((_, i) => keep(i)).join("\n");
  const flag = FEATURE_NAMES.length;
  const oracle = pages.map((page) => ({
    page,
    learned: pageOverlap(
      page.truth,
      keptBy(page, (i) => page.labels[i] === 1),
    ),
    current: pageOverlap(page.truth, page.current),
  }));
  console.log(line("labels kept (bound)", oracle));
  if (variant === "own") return;
  const replay = pages.map((page) => ({
    page,
    learned: pageOverlap(
      page.truth,
      keptBy(page, (i) => page.rows[i]?.[flag] === 1),
    ),
    current: pageOverlap(page.truth, page.current),
  }));
  console.log(line("flagged kept", replay));
}
bounds();

const pooled: Held[] = [];
for (let fold = 0; fold < folds; fold++) {
  pooled.push(
    ...holdOut(
      pages.filter((page) => page.fold !== fold),
      pages.filter((page) => page.fold === fold),
    ),
  );
}
if (args.explain) explain(pooled.find((h) => h.page.id === args.explain));
report(
  `${folds}-fold cross-validation by page (a hash of the id), trees ${JSON.stringify(params)}`,
  pooled,
  (h) => `fold ${h.page.fold}`,
);
if (!args["skip-datasets"]) {
  const left: Held[] = [];
  for (const dataset of datasets) {
    left.push(
      ...holdOut(
        pages.filter((page) => page.dataset !== dataset),
        pages.filter((page) => page.dataset === dataset),
      ),
    );
  }
  report("leave one dataset out (trained on the other datasets)", left, (h) => `${h.page.dataset} left out`);
}

if (args.write) {
  const model = trainTrees(gather(pages), params);
  writeFileSync(WEIGHTS, weightsModule(model));
  console.log(`\nwrote ${WEIGHTS}`);
}
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`);

function weightsModule(model: TreeModel): string {
  return `// Written by scripts/train-blocks.ts (variant ${variant}, ${JSON.stringify(params)}) from ${pages.length} pages; do not edit.
import type { TreeModel } from "./model";

export const FEATURE_COUNT = ${FEATURE_NAMES.length + extraNames().length};

export const BLOCK_MODEL: TreeModel = ${JSON.stringify(model)};
`;
}
