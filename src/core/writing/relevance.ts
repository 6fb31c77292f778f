/** Lexical relevance (Okapi BM25) and similarity, small enough to run per request on the edge. */

const STOPWORDS = new Set(
  (
    "a an and are as at be been but by can do does for from had has have how i if in into is it its of on or " +
    "our so than that the their them then there these they this to was we were what when where which who why " +
    "will with you your not no yes also more most about up out all any just may might should would could"
  ).split(" "),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 1 && !STOPWORDS.has(t));
}

export interface Bm25Index {
  score(query: string[], doc: number): number;
  readonly size: number;
}

export function bm25Index(docs: string[][], k1 = 1.2, b = 0.75): Bm25Index {
  const df = new Map<string, number>();
  const tf = docs.map((doc) => {
    const counts = new Map<string, number>();
    for (const term of doc) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    return counts;
  });
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
  const idf = (term: string) => {
    const n = df.get(term) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  return {
    size: docs.length,
    score(query, doc) {
      const counts = tf[doc];
      const length = docs[doc]?.length ?? 0;
      if (!counts) return 0;
      let total = 0;
      for (const term of new Set(query)) {
        const f = counts.get(term) ?? 0;
        if (f === 0) continue;
        total += (idf(term) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / (avgLength || 1)));
      }
      return total;
    },
  };
}

/** Jaccard overlap of two token sets: the redundancy measure for picking non-repetitive sentences. */
export function overlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const term of left) if (right.has(term)) shared++;
  return shared / (left.size + right.size - shared);
}
