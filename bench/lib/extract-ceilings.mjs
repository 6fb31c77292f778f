// Ceilings of the extraction benchmark: how far the extractor could go by changing only which blocks it keeps,
// or only which of two readings it returns. Each is scored with the benchmark's metric against the truth, which
// the ceilings are allowed to see; an extractor cannot, so these bound what any rule of that kind can gain.
import { pageOverlap, score } from "./shingle-metric.mjs";

const WORD = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;
/** A line counts as the truth's when at least this share of it is found there. */
const FOUND_SHARE = 0.5;

const shingleKeys = (tokens) => {
  const keys = [];
  for (let start = 0; start + SHINGLE_SIZE <= tokens.length; start++) {
    keys.push(tokens.slice(start, start + SHINGLE_SIZE).join(" "));
  }
  return keys;
};

function counts(keys) {
  const map = new Map();
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  return map;
}

/**
 * Splits `text` into its lines, and marks each as found when at least half of its tokens lie in a shingle of
 * the text that the truth holds (each truth shingle matched once, in reading order, so a repeated line is found
 * only as often as the truth repeats it). Returns the lines and the truth shingles left unmatched.
 */
export function foundLines(truth, text) {
  const left = counts(shingleKeys(truth.match(WORD) ?? []));
  const lines = text.split("\n");
  const tokens = [];
  const lineOf = [];
  lines.forEach((line, index) => {
    for (const token of line.match(WORD) ?? []) {
      tokens.push(token);
      lineOf.push(index);
    }
  });
  const covered = new Uint8Array(tokens.length);
  shingleKeys(tokens).forEach((key, start) => {
    const count = left.get(key) ?? 0;
    if (count === 0) return;
    left.set(key, count - 1);
    covered.fill(1, start, start + SHINGLE_SIZE);
  });
  const size = new Array(lines.length).fill(0);
  const hits = new Array(lines.length).fill(0);
  lineOf.forEach((line, at) => {
    size[line]++;
    hits[line] += covered[at];
  });
  return {
    lines: lines.map((line, index) => ({ line, found: size[index] === 0 || hits[index] >= size[index] * FOUND_SHARE })),
    left,
  };
}

/** Blocks of the page that the reading left out and whose shingles are mostly in the truth it did not cover. */
function missedBlocks(pageBlocks, lines, left) {
  const kept = new Set(lines.map(({ line }) => line));
  return pageBlocks.filter((block) => {
    if (kept.has(block)) return false;
    const keys = shingleKeys(block.match(WORD) ?? []);
    return keys.length > 0 && keys.filter((key) => (left.get(key) ?? 0) > 0).length >= keys.length * FOUND_SHARE;
  });
}

/**
 * The ceilings for one run: `trim` keeps only the lines the truth holds, `add` adds the page's left-out blocks
 * the truth holds, `trim + add` does both, and `best of two` takes, page by page, whichever of the two readings
 * scores higher. `pageBlocks(page)` returns the texts of the page's blocks as the extractor splits them.
 */
export function ceilings(pages, ours, baseline, pageBlocks) {
  const rows = { trim: [], add: [], "trim + add": [], "best of two": [] };
  const pageF1 = ({ tp, fp, fn }) => (tp === 0 ? (fp === 0 && fn === 0 ? 1 : 0) : (2 * tp) / (2 * tp + fp + fn));
  pages.forEach((page, i) => {
    const { lines, left } = foundLines(page.truth, ours[i]);
    const trimmed = lines.filter(({ found }) => found).map(({ line }) => line);
    const added = missedBlocks(pageBlocks(page), lines, left);
    rows.trim.push(pageOverlap(page.truth, trimmed.join("\n")));
    rows.add.push(pageOverlap(page.truth, [ours[i], ...added].join("\n")));
    rows["trim + add"].push(pageOverlap(page.truth, [...trimmed, ...added].join("\n")));
    const own = pageOverlap(page.truth, ours[i]);
    const other = pageOverlap(page.truth, baseline[i]);
    rows["best of two"].push(pageF1(other) > pageF1(own) ? other : own);
  });
  const datasets = [...new Set(pages.map((page) => page.dataset))].sort();
  return Object.entries(rows).map(([name, overlaps]) => ({
    name,
    all: score(overlaps),
    perDataset: Object.fromEntries(
      datasets.map((dataset) => [dataset, score(overlaps.filter((_, i) => pages[i].dataset === dataset))]),
    ),
  }));
}
