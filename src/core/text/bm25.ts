/** Lexical relevance (Okapi BM25), small enough to run per request on the edge. */

export interface Bm25Index {
  score(query: string[], doc: number): number;
  /** Every document's score, in order: `score` for each, with the query's terms and their weights looked up once. */
  scoreAll(query: string[]): number[];
  readonly size: number;
}

/** An index over documents given as term lists (see `topicTerms`); scores a query's distinct terms against one document. */
export function bm25Index(docs: string[][], k1 = 1.2, b = 0.75): Bm25Index {
  /**
   * The documents holding each term, in order: a query touches only those, and how many there are is the term's
   * document frequency. A document joins a term's list at the term's first use in it, as its counts are made.
   */
  const postings = new Map<string, number[]>();
  const tf = docs.map((doc, i) => {
    const counts = new Map<string, number>();
    for (const term of doc) {
      const count = counts.get(term);
      if (count !== undefined) {
        counts.set(term, count + 1);
        continue;
      }
      counts.set(term, 1);
      const holding = postings.get(term);
      if (holding) holding.push(i);
      else postings.set(term, [i]);
    }
    return counts;
  });
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
  const idfOf = (term: string) => {
    const n = postings.get(term)?.length ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  const contribution = (term: string, idf: number, doc: number) => {
    const f = tf[doc]?.get(term) ?? 0;
    const length = docs[doc]?.length ?? 0;
    return (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / (avgLength || 1)));
  };
  const scoreOne = (terms: { term: string; idf: number }[], doc: number) => {
    if (!tf[doc]) return 0;
    let total = 0;
    for (const { term, idf } of terms) if (tf[doc]?.get(term)) total += contribution(term, idf, doc);
    return total;
  };
  const weighted = (query: string[]) => [...new Set(query)].map((term) => ({ term, idf: idfOf(term) }));
  return {
    size: docs.length,
    score: (query, doc) => scoreOne(weighted(query), doc),
    scoreAll(query) {
      // Term by term over the documents holding it: each document still adds its terms in the query's order.
      const scores = docs.map(() => 0);
      for (const { term, idf } of weighted(query))
        for (const doc of postings.get(term) ?? []) scores[doc] = (scores[doc] ?? 0) + contribution(term, idf, doc);
      return scores;
    },
  };
}
