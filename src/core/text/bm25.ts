/** Lexical relevance (Okapi BM25), small enough to run per request on the edge. */

export interface Bm25Index {
  score(query: string[], doc: number): number;
  /** Every document's score, in order: `score` for each, with the query's terms and their weights looked up once. */
  scoreAll(query: string[]): number[];
  readonly size: number;
}

/** An index over documents given as term lists (see `topicTerms`); scores a query's distinct terms against one document. */
export function bm25Index(docs: string[][], k1 = 1.2, b = 0.75): Bm25Index {
  const df = new Map<string, number>();
  const tf = docs.map((doc) => {
    const counts = new Map<string, number>();
    for (const term of doc) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    return counts;
  });
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
  const idfOf = (term: string) => {
    const n = df.get(term) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  const scoreOne = (terms: { term: string; idf: number }[], doc: number) => {
    const counts = tf[doc];
    const length = docs[doc]?.length ?? 0;
    if (!counts) return 0;
    let total = 0;
    for (const { term, idf } of terms) {
      const f = counts.get(term) ?? 0;
      if (f === 0) continue;
      total += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / (avgLength || 1)));
    }
    return total;
  };
  const weighted = (query: string[]) => [...new Set(query)].map((term) => ({ term, idf: idfOf(term) }));
  return {
    size: docs.length,
    score: (query, doc) => scoreOne(weighted(query), doc),
    scoreAll(query) {
      const terms = weighted(query);
      return docs.map((_, doc) => scoreOne(terms, doc));
    },
  };
}
