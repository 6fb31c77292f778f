import { normalizeWord, termVocabulary, topicTerms } from "../text/tokens";
import { PageReading } from "./page-words";

export interface TermPage {
  text: string;
}

export type KeyTerm = { term: string; score: number; pages: number };

const BIGRAM_WEIGHT = 1.5;

/**
 * Key terms across competitor pages, TF-IDF in spirit: a term's weight in one page is its sublinear frequency
 * 1 + ln(tf), summed over the pages that use it and scaled by ln(1 + N/df). Summing rewards terms many pages use;
 * the IDF factor keeps words every page repeats from crowding out specific ones. Unigrams and adjacent
 * content-word bigrams compete together, bigrams weighted up because they are more specific. Terms only one page
 * uses are dropped when there are several pages, and so are the keyword's own words.
 */
export function keyTerms(pages: TermPage[], keyword: string, limit = 30, reading = new PageReading()): KeyTerm[] {
  const keywordTokens = new Set(topicTerms(keyword));
  const n = pages.length;
  const minPages = Math.min(2, n);
  let scored: { tally: Tally; score: number; seen: number }[] = [];
  const score = (tally: Tally, weight: number) => {
    const onPages = tally.pages;
    const idf = Math.log(1 + n / onPages.length);
    let sum = 0;
    for (const { count } of onPages) sum += (1 + Math.log(count)) * idf * weight;
    scored.push({ tally, score: Math.round(sum * 1000) / 1000, seen: tally.seen });
  };
  const { terms, pairs } = countTerms(pages, minPages, reading);
  for (const term of terms) if (term.pages.length >= minPages && !keywordTokens.has(term.key)) score(term, 1);
  for (const pair of pairs)
    if (pair.pages.length >= minPages && !(keywordTokens.has(pair.first.key) && keywordTokens.has(pair.second.key)))
      score(pair, BIGRAM_WEIGHT);
  // Only terms scoring at least the limit-th best score can be among the first `limit`: the rest are not sorted,
  // and their shown forms are not worked out.
  if (limit > 0 && scored.length > limit) {
    const ascending = new Float64Array(scored.length);
    scored.forEach((t, i) => {
      ascending[i] = t.score;
    });
    ascending.sort();
    const cut = ascending[ascending.length - limit] as number;
    scored = scored.filter((t) => t.score >= cut);
  }
  return scored
    .map(({ tally, score, seen }) => ({ term: shownForm(tally.pages), score, pages: tally.pages.length, seen }))
    .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term) || a.seen - b.seen)
    .slice(0, limit)
    .map(({ term, score, pages }) => ({ term, score, pages }));
}

/** The form a term's pages use most often, each page's first form standing for all its uses of the term. */
function shownForm(onPages: PageCount[]): string {
  const forms = new Map<string, number>();
  for (const { count, form } of onPages) forms.set(form, (forms.get(form) ?? 0) + count);
  return mostCommon(forms) as string;
}

/** A term on one page: how often the page uses it, and the form it first takes there. */
type PageCount = { page: number; count: number; form: string };

/** A term's or a pair's pages, and when it was first seen (of all terms and pairs, in reading order). */
interface Tally {
  pages: PageCount[];
  seen: number;
}

/** A term (a folded key) with its pages; `index` is its place among the job's terms, in the order first met. */
interface Counted extends Tally {
  key: string;
  index: number;
}

/** Two terms one after the other in a sentence, with the pages they are on as a pair. */
interface Pair extends Tally {
  first: Counted;
  second: Counted;
}

/** A word as a use of a term: the term and the form the word gives it. */
type Use = { term: Counted; form: string };

/** Counts one more use on `page` where the page has one already; true where it is the first use there. */
function firstOn(onPages: PageCount[], page: number): boolean {
  const last = onPages[onPages.length - 1];
  if (last?.page !== page) return true;
  last.count++;
  return false;
}

/**
 * Each term's and each adjacent pair of terms' count and first form page by page, in page order. Terms are counted
 * in a first pass that also keeps each page's uses in order; pairs are counted in a second pass over those, and
 * only pairs that are on `minPages` pages or more (most adjacent pairs are on one page only, and tallying them all
 * cost more than the rest of the count). A term's or a pair's `seen` is its first word's place in reading order,
 * doubled (plus one for a pair), so that terms and pairs keep the order in which they were first met.
 */
function countTerms(pages: TermPage[], minPages: number, reading: PageReading): { terms: Counted[]; pairs: Pair[] } {
  const { terms, sequences } = readUses(pages, reading);
  const onEnough = pairsOnPages(sequences, terms.length, minPages);
  const pairs: Pair[] = [];
  const tallies = new Map<number, Pair>();
  let position = 0;
  sequences.forEach((sequence, index) => {
    let previous: Use | null = null;
    for (const current of sequence) {
      if (previous && current) {
        const key = previous.term.index * terms.length + current.term.index;
        if (onEnough.has(key)) {
          let pair = tallies.get(key);
          if (!pair) {
            pair = { first: previous.term, second: current.term, pages: [], seen: 2 * position + 1 };
            tallies.set(key, pair);
            pairs.push(pair);
          }
          // A pair's form is joined only where the pair is new on a page.
          if (firstOn(pair.pages, index))
            pair.pages.push({ page: index, count: 1, form: `${previous.form} ${current.form}` });
        }
      }
      previous = current;
      position++;
    }
  });
  return { terms, pairs };
}

/**
 * The terms of the pages with their counts page by page, and each page's words as uses of them, in order: null
 * where a sentence starts or a word is no term (shorter than three letters, or no topical term). A word is looked
 * up by its id in the shared vocabulary (the run's `reading` reads each page once), and its use worked out once per
 * distinct word.
 */
function readUses(pages: TermPage[], reading: PageReading): { terms: Counted[]; sequences: (Use | null)[][] } {
  const vocabulary = termVocabulary();
  const read = pages.map((page) => reading.of(page.text, vocabulary));
  // A job's uses by word id, in an array as long as the vocabulary once every page is read.
  const uses: (Use | null | undefined)[] = new Array(vocabulary.size).fill(undefined);
  const byKey = new Map<string, Counted>();
  const terms: Counted[] = [];
  const sequences: (Use | null)[][] = [];
  let position = 0;
  const useOf = (id: number): Use | null => {
    const word = vocabulary.words[id] as string;
    const key = word.length >= 3 ? vocabulary.termOf(id) : null;
    if (key === null) return null;
    let term = byKey.get(key);
    if (!term) {
      term = { key, index: terms.length, pages: [], seen: 2 * position };
      byKey.set(key, term);
      terms.push(term);
    }
    return { term, form: normalizeWord(word) };
  };
  read.forEach(({ ids, stretches }, index) => {
    const sequence: (Use | null)[] = [];
    let stretch = 0;
    for (let at = 0; at <= ids.length; at++) {
      // A null where each stretch starts: several where stretches hold no word, and after the last word those left.
      while (stretch < stretches.length && (stretches[stretch] as number) <= at) {
        sequence.push(null);
        position++;
        stretch++;
      }
      if (at === ids.length) break;
      const id = ids[at] as number;
      let use = uses[id];
      if (use === undefined) {
        use = useOf(id);
        uses[id] = use;
      }
      sequence.push(use);
      position++;
      if (use && firstOn(use.term.pages, index)) use.term.pages.push({ page: index, count: 1, form: use.form });
    }
    sequences.push(sequence);
  });
  return { terms, sequences };
}

/**
 * The pairs of terms (keyed `first.index × terms + second.index`) that are on `minPages` pages or more, counted
 * without a tally each: a pair's pages so far and the last of them packed in one number (count × pages + last).
 */
function pairsOnPages(sequences: (Use | null)[][], terms: number, minPages: number): Set<number> {
  const seen = new Map<number, number>();
  const enough = new Set<number>();
  const span = sequences.length;
  sequences.forEach((sequence, index) => {
    let previous: Use | null = null;
    for (const current of sequence) {
      // A pair is on no more pages than either of its terms.
      if (previous && current && previous.term.pages.length >= minPages && current.term.pages.length >= minPages) {
        const key = previous.term.index * terms + current.term.index;
        const packed = seen.get(key);
        const count = packed === undefined ? 1 : packed % span === index ? 0 : Math.floor(packed / span) + 1;
        if (count > 0) {
          seen.set(key, count * span + index);
          if (count >= minPages) enough.add(key);
        }
      }
      previous = current;
    }
  });
  return enough;
}

/** The form used most often; of equally common forms, the one seen first. */
function mostCommon(forms: Map<string, number>): string | undefined {
  let best: [string, number] | undefined;
  for (const entry of forms) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}
