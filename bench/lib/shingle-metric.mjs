// Main-content extraction metric: multiset overlap of 4-token shingles of \w+ tokens (case kept), per page
// normalised; precision averaged over pages whose prediction has shingles, recall over pages whose truth has
// shingles; F1 is the harmonic mean of those two averages.

const WORD = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

/** Counts of each run of four consecutive tokens; a text shorter than four tokens is one shorter shingle. */
export function shingleCounts(text) {
  const tokens = (text ?? "").match(WORD) ?? [];
  const counts = new Map();
  if (tokens.length === 0) return counts;
  const starts = Math.max(1, tokens.length - SHINGLE_SIZE + 1);
  for (let start = 0; start < starts; start++) {
    const key = tokens.slice(start, start + SHINGLE_SIZE).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** True positives, false positives and false negatives of one page, as fractions of their sum. */
export function pageOverlap(truth, prediction) {
  const expected = shingleCounts(truth);
  const got = shingleCounts(prediction);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of got) {
    const wanted = expected.get(key) ?? 0;
    tp += Math.min(count, wanted);
    fp += Math.max(0, count - wanted);
  }
  for (const [key, count] of expected) fn += Math.max(0, count - (got.get(key) ?? 0));
  const total = tp + fp + fn;
  return total === 0 ? { tp: 0, fp: 0, fn: 0 } : { tp: tp / total, fp: fp / total, fn: fn / total };
}

const perfect = ({ fp, fn }) => fp === 0 && fn === 0;
const average = (values) => (values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length);

/** Aggregates per-page overlaps into the benchmark's precision, recall and F1. */
export function score(overlaps) {
  const precision = average(
    overlaps.filter((o) => o.tp + o.fp > 0).map((o) => (perfect(o) ? 1 : o.tp / (o.tp + o.fp))),
  );
  const recall = average(overlaps.filter((o) => o.tp + o.fn > 0).map((o) => (perfect(o) ? 1 : o.tp / (o.tp + o.fn))));
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}
