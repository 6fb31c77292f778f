import { bm25Index } from "../../text/bm25";
import { jaccard, shingleContainment } from "../../text/similarity";
import type { Sentence } from "./sentences";

export interface SelectOptions {
  /** Query terms: the section heading and the keyword (keyword terms repeated to weigh more). */
  query: string[];
  wordQuota: number;
  /** Sentences already quoted elsewhere in the article: never quoted twice. */
  used: Set<Sentence>;
  /** Relevance against redundancy, as in maximal marginal relevance (Carbonell & Goldstein 1998). */
  lambda?: number;
  /** A per-sentence preference (e.g. shorter sentences for beginners), multiplied into relevance. */
  preference?: (s: Sentence) => number;
  maxSentences?: number;
  /** Share of the best relevance a sentence needs to be quoted at all. */
  minRelative?: number;
  /** Terms of which a quoted sentence must hold one: a section's own words, besides the keyword's. */
  anyOf?: string[];
  /** Terms every passage shares (the keyword's): left out when comparing what two sentences say. */
  common?: string[];
}

/** Near-duplicates across sources (or a sentence already quoted inside a longer passage) are quoted once. */
export const NEAR_DUPLICATE = 0.6;

/**
 * Two sources often say the same thing in other words ("Replace soil only after a persistent disease problem or
 * contamination." and "Replace soil only after serious disease problems."): few word trigrams shared, but the
 * shorter sentence's topical words (beyond the keyword's) nearly all in the longer one, of a similar length.
 */
export const SAME_CLAIM = 0.75;
const SAME_CLAIM_MIN_TERMS = 5;

function sameClaim(a: Sentence, b: Sentence, common: Set<string>): boolean {
  const left = new Set(a.tokens.filter((t) => !common.has(t)));
  const right = new Set(b.tokens.filter((t) => !common.has(t)));
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  if (small.size < SAME_CLAIM_MIN_TERMS || large.size > 2 * small.size) return false;
  let shared = 0;
  for (const term of small) if (large.has(term)) shared++;
  return shared / small.size >= SAME_CLAIM;
}

/** Whether a sentence repeats one already quoted: by shared word trigrams, or by the same topical words. */
export function nearDuplicate(sentence: Sentence, used: Iterable<Sentence>, common: Set<string> = new Set()): boolean {
  for (const other of used) {
    if (shingleContainment(sentence.shingles, other.shingles) >= NEAR_DUPLICATE) return true;
    if (sameClaim(sentence, other, common)) return true;
  }
  return false;
}

/** Picks the most relevant, least redundant sentences until the word quota is met; deterministic. */
export function selectSentences(pool: Sentence[], opts: SelectOptions): Sentence[] {
  const lambda = opts.lambda ?? 0.7;
  const common = new Set(opts.common ?? []);
  const index = bm25Index(pool.map((s) => s.tokens));
  const scored = pool
    .map((sentence, i) => ({ sentence, relevance: index.score(opts.query, i) * (opts.preference?.(sentence) ?? 1) }))
    .filter(
      (c) =>
        c.relevance > 0 &&
        !opts.used.has(c.sentence) &&
        !c.sentence.text.endsWith("?") &&
        !c.sentence.answers &&
        (!opts.anyOf?.length || opts.anyOf.some((t) => c.sentence.tokens.includes(t))),
    );
  const top = Math.max(...scored.map((c) => c.relevance), 1e-9);
  // Below a third of the best match a sentence is off-topic for this section: a shorter section is better.
  const floor = top * (opts.minRelative ?? 0.35);
  const chosen: Sentence[] = [];
  let words = 0;
  while (words < opts.wordQuota && chosen.length < (opts.maxSentences ?? 40)) {
    let best: { sentence: Sentence; value: number } | undefined;
    for (const c of scored) {
      if (opts.used.has(c.sentence) || c.relevance < floor || nearDuplicate(c.sentence, opts.used, common)) continue;
      const redundancy = Math.max(0, ...chosen.map((s) => jaccard(s.tokens, c.sentence.tokens)));
      if (redundancy > 0.6) continue;
      const value = lambda * (c.relevance / top) - (1 - lambda) * redundancy;
      if (!best || value > best.value) best = { sentence: c.sentence, value };
    }
    if (!best) break;
    chosen.push(best.sentence);
    opts.used.add(best.sentence);
    words += best.sentence.words;
  }
  return chosen;
}
