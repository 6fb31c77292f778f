import { sentenceStretches } from "../text/sentences";
import { isNoiseWord } from "../text/stopwords";
import { foldWord, normalizeWord, topicTerms, words } from "../text/tokens";

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
export function keyTerms(pages: TermPage[], keyword: string, limit = 30): KeyTerm[] {
  const keywordTokens = new Set(topicTerms(keyword));
  const n = pages.length;
  const minPages = Math.min(2, n);
  let scored: (KeyTerm & { seen: number })[] = [];
  const score = ({ pages: onPages, seen }: Tally, weight: number) => {
    const pagesWithTerm = onPages.length;
    const idf = Math.log(1 + n / pagesWithTerm);
    let sum = 0;
    const forms = new Map<string, number>();
    for (const { count, form } of onPages) {
      sum += (1 + Math.log(count)) * idf * weight;
      forms.set(form, (forms.get(form) ?? 0) + count);
    }
    scored.push({
      term: mostCommon(forms) as string,
      score: Math.round(sum * 1000) / 1000,
      pages: pagesWithTerm,
      seen,
    });
  };
  for (const term of countTerms(pages)) {
    const isKeyword = keywordTokens.has(term.key);
    if (term.pages.length >= minPages && !isKeyword) score(term, 1);
    for (const [next, pair] of term.pairs)
      if (pair.pages.length >= minPages && !(isKeyword && keywordTokens.has(next.key))) score(pair, BIGRAM_WEIGHT);
  }
  // Only terms scoring at least the limit-th best score can be among the first `limit`: the rest are not sorted.
  if (limit > 0 && scored.length > limit) {
    const cut = scored.map((t) => t.score).sort((a, b) => b - a)[limit - 1] ?? Number.NEGATIVE_INFINITY;
    scored = scored.filter((t) => t.score >= cut);
  }
  return scored
    .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term) || a.seen - b.seen)
    .slice(0, limit)
    .map(({ term, score, pages }) => ({ term, score, pages }));
}

/** A term on one page: how often the page uses it, and the form it first takes there. */
type PageCount = { page: number; count: number; form: string };

/** A term's or a pair's pages, and when it was first seen (of all terms and pairs, in reading order). */
interface Tally {
  pages: PageCount[];
  seen: number;
}

/** A term (a folded key) with its pages, and the terms that follow it, each with the pages that pair is on. */
interface Counted extends Tally {
  key: string;
  pairs: Map<Counted, Tally>;
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
 * Each term's and each adjacent pair of terms' count and first form page by page, in page order, in one pass over
 * the pages. A word is looked up once (its use of a term, worked out once per distinct word), and a term holds
 * its own counts and the pairs it opens, so an occurrence costs one lookup by word and one by term.
 */
function countTerms(pages: TermPage[]): Iterable<Counted> {
  const uses = new Map<string, Use | null>();
  const terms = new Map<string, Counted>();
  let seen = 0;
  const useOf = (word: string): Use | null => {
    const useful = word.length >= 3 && !isNoiseWord(word) && !/^\d+$/.test(word);
    if (!useful) return null;
    const key = foldWord(word);
    let term = terms.get(key);
    if (!term) {
      term = { key, pages: [], pairs: new Map(), seen: seen++ };
      terms.set(key, term);
    }
    return { term, form: normalizeWord(word) };
  };
  pages.forEach((page, index) => {
    for (const sentence of sentenceStretches(page.text)) {
      let previous: Use | null = null;
      for (const word of words(sentence)) {
        let current = uses.get(word);
        if (current === undefined) {
          current = useOf(word);
          uses.set(word, current);
        }
        if (!current) {
          previous = null;
          continue;
        }
        if (firstOn(current.term.pages, index)) current.term.pages.push({ page: index, count: 1, form: current.form });
        if (previous) {
          let pair = previous.term.pairs.get(current.term);
          if (!pair) {
            pair = { pages: [], seen: seen++ };
            previous.term.pairs.set(current.term, pair);
          }
          const onPages = pair.pages;
          // A pair's form is joined only where the pair is new on a page.
          if (firstOn(onPages, index))
            onPages.push({ page: index, count: 1, form: `${previous.form} ${current.form}` });
        }
        previous = current;
      }
    }
  });
  return terms.values();
}

/** The form used most often; of equally common forms, the one seen first. */
function mostCommon(forms: Map<string, number>): string | undefined {
  let best: [string, number] | undefined;
  for (const entry of forms) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}
