import { type Bm25Index, bm25Index } from "../../text/bm25";
import { jaccard } from "../../text/similarity";
import type { Sentence } from "./sentences";

export interface SelectOptions {
  /** Query terms: the section heading and the keyword (keyword terms repeated to weigh more). */
  query: string[];
  wordQuota: number;
  /** Sentences already quoted elsewhere in the article: never quoted twice. Only ever added to. */
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
  /** The sentences this pick may quote (a section's own, placed there by `placeSentences`); all when absent. */
  only?: (s: Sentence) => boolean;
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

/** A sentence's topical words without the ones every passage shares: what `sameClaim` compares. */
type OwnTerms = (s: Sentence) => Set<string>;

function ownTermsOf(common: Set<string>): OwnTerms {
  const cache = new Map<Sentence, Set<string>>();
  return (s) => {
    let terms = cache.get(s);
    if (!terms) {
      terms = new Set(s.tokens.filter((t) => !common.has(t)));
      cache.set(s, terms);
    }
    return terms;
  };
}

function sameClaim(a: Sentence, b: Sentence, own: OwnTerms): boolean {
  const left = own(a);
  const right = own(b);
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  if (small.size < SAME_CLAIM_MIN_TERMS || large.size > 2 * small.size) return false;
  // Given up on as soon as too few terms are left to reach the share: most pairs share few.
  let shared = 0;
  let unread = small.size;
  for (const term of small) {
    unread--;
    if (large.has(term)) shared++;
    else if ((shared + unread) / small.size < SAME_CLAIM) return false;
  }
  return shared / small.size >= SAME_CLAIM;
}

/**
 * Whether the longer sentence repeats at least NEAR_DUPLICATE of the shorter one's word trigrams: the test
 * `shingleContainment(a, b) >= NEAR_DUPLICATE` makes, stopping as soon as the answer is known. Most pairs share
 * nothing, and are given up on once too few trigrams are left to reach the share.
 */
function containsNearly(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return false;
  let shared = 0;
  let left = small.size;
  for (const shingle of small) {
    left--;
    if (large.has(shingle)) {
      shared++;
      if (shared / small.size >= NEAR_DUPLICATE) return true;
    } else if ((shared + left) / small.size < NEAR_DUPLICATE) return false;
  }
  return false;
}

function repeats(sentence: Sentence, other: Sentence, own: OwnTerms): boolean {
  return containsNearly(sentence.shingles, other.shingles) || sameClaim(sentence, other, own);
}

/** The own terms of sentences for one set of common terms, kept while that set is: callers reuse one set. */
const ownTermsFor = new WeakMap<Set<string>, OwnTerms>();

/** Whether a sentence repeats one already quoted: by shared word trigrams, or by the same topical words. */
export function nearDuplicate(sentence: Sentence, used: Iterable<Sentence>, common: Set<string> = new Set()): boolean {
  let own = ownTermsFor.get(common);
  if (!own) {
    own = ownTermsOf(common);
    ownTermsFor.set(common, own);
  }
  for (const other of used) if (repeats(sentence, other, own)) return true;
  return false;
}

/**
 * How far each candidate has been checked for repeating the sentences of a set of quoted ones, in the set's
 * order. The sections of one draft draw on one set, which only grows, so no candidate is compared twice with
 * the same quoted sentence however many sections consider it. Kept per set and per set of common terms.
 */
interface Progress {
  common: string;
  own: OwnTerms;
  checked: Map<Sentence, number>;
}
const progressOf = new WeakMap<Set<Sentence>, Progress>();
function progress(used: Set<Sentence>, common: string[]): Progress {
  const key = common.join("\u0000");
  let known = progressOf.get(used);
  if (!known || known.common !== key) {
    known = { common: key, own: ownTermsOf(new Set(common)), checked: new Map() };
    progressOf.set(used, known);
  }
  return known;
}

/** The BM25 index of a pool of sentences, built once however many sections draw from the pool. */
const indexes = new WeakMap<Sentence[], Bm25Index>();
export function poolIndex(pool: Sentence[]): Bm25Index {
  let index = indexes.get(pool);
  if (!index || index.size !== pool.length) {
    index = bm25Index(pool.map((s) => s.tokens));
    indexes.set(pool, index);
  }
  return index;
}

/** A sentence's topical words as a set, made once however many sections consider the sentence. */
const termSets = new WeakMap<Sentence, Set<string>>();
export function termSet(sentence: Sentence): Set<string> {
  let terms = termSets.get(sentence);
  if (!terms) {
    terms = new Set(sentence.tokens);
    termSets.set(sentence, terms);
  }
  return terms;
}

/** What a candidate has been compared with so far; quoted sentences only accumulate, so nothing is compared twice. */
interface Candidate {
  sentence: Sentence;
  relevance: number;
  terms: Set<string>;
  /** How many of the quoted sentences it has been checked against for repeating one; -1 once it repeats one. */
  checked: number;
  /** Its highest word overlap with the sentences chosen so far, over the first `compared` of them. */
  redundancy: number;
  compared: number;
  /** Its value in the current round: relevance against redundancy. */
  value: number;
}

/** Picks the most relevant, least redundant sentences until the word quota is met; deterministic. */
export function selectSentences(pool: Sentence[], opts: SelectOptions): Sentence[] {
  const lambda = opts.lambda ?? 0.7;
  const { own, checked } = progress(opts.used, opts.common ?? []);
  const scores = poolIndex(pool).scoreAll(opts.query);
  const anyOf = opts.anyOf?.length ? opts.anyOf : undefined;
  const scored: Candidate[] = [];
  pool.forEach((sentence, i) => {
    const score = scores[i] ?? 0;
    // A sentence the query does not match scores 0 whatever the preference: it is passed over at once.
    if (!(score > 0)) return;
    const relevance = score * (opts.preference?.(sentence) ?? 1);
    if (!(relevance > 0) || opts.used.has(sentence) || sentence.text.endsWith("?") || sentence.answers) return;
    const terms = termSet(sentence);
    if (anyOf && !anyOf.some((t) => terms.has(t))) return;
    if (opts.only && !opts.only(sentence)) return;
    scored.push({
      sentence,
      relevance,
      terms,
      checked: checked.get(sentence) ?? 0,
      redundancy: 0,
      compared: 0,
      value: 0,
    });
  });
  const top = Math.max(...scored.map((c) => c.relevance), 1e-9);
  // Below a third of the best match a sentence is off-topic for this section: a shorter section is better.
  const floor = top * (opts.minRelative ?? 0.35);
  const quoted = [...opts.used];
  const chosen: Candidate[] = [];
  let words = 0;
  while (words < opts.wordQuota && chosen.length < (opts.maxSentences ?? 40)) {
    const open: Candidate[] = [];
    for (const c of scored) {
      if (c.checked < 0 || opts.used.has(c.sentence) || c.relevance < floor) continue;
      for (; c.compared < chosen.length; c.compared++)
        c.redundancy = Math.max(c.redundancy, jaccard((chosen[c.compared] as Candidate).terms, c.terms));
      if (c.redundancy > 0.6) continue;
      c.value = lambda * (c.relevance / top) - (1 - lambda) * c.redundancy;
      open.push(c);
    }
    const best = leaderThatIsNew(open, quoted, own);
    if (!best) break;
    const { sentence } = best;
    chosen.push(best);
    quoted.push(sentence);
    opts.used.add(sentence);
    words += sentence.words;
  }
  for (const c of scored) checked.set(c.sentence, c.checked);
  return chosen.map((c) => c.sentence);
}

/**
 * The most valuable candidate (the earliest of equals) that repeats no quoted sentence. Checking for repeats is
 * the costly test, so it is run on the leaders only, one at a time in order of value, until one passes; the
 * leader is usually the first, so the candidates are not sorted.
 */
function leaderThatIsNew(open: Candidate[], quoted: Sentence[], own: OwnTerms): Candidate | undefined {
  for (;;) {
    let at = -1;
    for (let i = 0; i < open.length; i++)
      if (at < 0 || (open[i] as Candidate).value > (open[at] as Candidate).value) at = i;
    const leader = open[at];
    if (!leader) return undefined;
    if (!repeatsQuoted(leader, quoted, own)) return leader;
    open.splice(at, 1);
  }
}

/** Whether a candidate repeats a quoted sentence, checking only the ones quoted since it was last checked. */
function repeatsQuoted(c: Candidate, quoted: Sentence[], own: OwnTerms): boolean {
  if (c.checked < 0) return true;
  for (; c.checked < quoted.length; c.checked++) {
    if (repeats(c.sentence, quoted[c.checked] as Sentence, own)) {
      c.checked = -1;
      return true;
    }
  }
  return false;
}
