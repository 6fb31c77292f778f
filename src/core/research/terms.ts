import { sentences } from "../text/sentences";
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
  const vocabulary = new Map<string, Term | null>();
  const perPage = pages.map((page) => termCounts(page.text, vocabulary));
  // Each term's count and shown form page by page (in page order), gathered in one pass over the pages; the
  // forms are tallied only for terms that are scored.
  const seen = new Map<string, { count: number; form: string }[]>();
  for (const counts of perPage) {
    for (const [term, entry] of counts) {
      const onPages = seen.get(term);
      if (onPages) onPages.push(entry);
      else seen.set(term, [entry]);
    }
  }
  const n = pages.length;
  const minPages = Math.min(2, n);
  let scored: KeyTerm[] = [];
  for (const [term, onPages] of seen) {
    const pagesWithTerm = onPages.length;
    if (pagesWithTerm < minPages || term.split(" ").every((part) => keywordTokens.has(part))) continue;
    const idf = Math.log(1 + n / pagesWithTerm);
    const weight = term.includes(" ") ? BIGRAM_WEIGHT : 1;
    let score = 0;
    const forms = new Map<string, number>();
    for (const { count, form } of onPages) {
      score += (1 + Math.log(count)) * idf * weight;
      forms.set(form, (forms.get(form) ?? 0) + count);
    }
    scored.push({
      term: mostCommon(forms) ?? term,
      score: Math.round(score * 1000) / 1000,
      pages: pagesWithTerm,
    });
  }
  // Only terms scoring at least the limit-th best score can be among the first `limit`: the rest are not sorted.
  if (limit > 0 && scored.length > limit) {
    const cut = scored.map((t) => t.score).sort((a, b) => b - a)[limit - 1] ?? Number.NEGATIVE_INFINITY;
    scored = scored.filter((t) => t.score >= cut);
  }
  return scored.sort((a, b) => b.score - a.score || a.term.localeCompare(b.term)).slice(0, limit);
}

type Term = { key: string; form: string };

/** A word's term (its folded key and shown form), or null when it is too short, a noise word or a number. */
function termOf(word: string): Term | null {
  const useful = word.length >= 3 && !isNoiseWord(word) && !/^\d+$/.test(word);
  return useful ? { key: foldWord(word), form: normalizeWord(word) } : null;
}

/** Counts of each term and adjacent pair of terms; `vocabulary` keeps each distinct word's term, worked out once. */
function termCounts(text: string, vocabulary: Map<string, Term | null>): Map<string, { count: number; form: string }> {
  const counts = new Map<string, { count: number; form: string }>();
  for (const sentence of sentences(text)) {
    let previous: Term | undefined;
    for (const word of words(sentence)) {
      let current = vocabulary.get(word);
      if (current === undefined) {
        current = termOf(word);
        vocabulary.set(word, current);
      }
      if (!current) {
        previous = undefined;
        continue;
      }
      const single = counts.get(current.key);
      if (single) single.count++;
      else counts.set(current.key, { count: 1, form: current.form });
      if (previous) {
        // The shown form is the first occurrence's, so a pair's form is only joined when the pair is new.
        const key = `${previous.key} ${current.key}`;
        const pair = counts.get(key);
        if (pair) pair.count++;
        else counts.set(key, { count: 1, form: `${previous.form} ${current.form}` });
      }
      previous = current;
    }
  }
  return counts;
}

/** The form used most often; of equally common forms, the one seen first. */
function mostCommon(forms: Map<string, number> | undefined): string | undefined {
  if (!forms) return undefined;
  let best: [string, number] | undefined;
  for (const entry of forms) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}
