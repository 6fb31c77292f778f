/**
 * A BM25F-style relevance score, measured against the product's (src/core/research/relevance.ts) in
 * bench:quality: each keyword term's frequency in title, headings and body, weighted by field and normalised by
 * the field's length against the run's average (BM25F), saturated (k1) and weighted by its inverse document
 * frequency over the run's pages; the keyword as a phrase scored the same way; and, for a keyword written as a
 * name ("Eiffel Tower"), the name as written (an entity match). The parts are combined as the product combines
 * its own (strength, phrase, coverage, with a term the page never uses weighing quadratically and the head term
 * never excused), so the two differ only in how a term's presence is scored.
 */
import { PageReading } from "../../src/core/research/page-words";
import { containsRun, pageTerms, type TopicalText, termsOf } from "../../src/core/research/relevance";
import { headTerm, keywordTopicTerms } from "../../src/core/text/intent";

const FIELDS = ["title", "headings", "body"] as const;
type Field = (typeof FIELDS)[number];
const WEIGHT: Record<Field, number> = { title: 3, headings: 2, body: 1 };
const B: Record<Field, number> = { title: 0.3, headings: 0.5, body: 0.75 };
const K1 = 1.2;

interface Fielded {
  title: string[];
  headings: string[][];
  body: string[];
  raw: string;
}

export function bm25fScores(keyword: string, pages: TopicalText[], language?: string): number[] {
  const phrase = keywordTopicTerms(keyword);
  const terms = [...new Set(phrase)];
  if (!terms.length) return pages.map(() => 1);
  const reading = new PageReading();
  const read: Fielded[] = pages.map((p) => ({
    title: termsOf(p.title),
    headings: p.headings.map((h) => termsOf(h.text)),
    body: pageTerms(p.text, reading),
    raw: `${p.title}\n${p.headings.map((h) => h.text).join("\n")}\n${p.text}`,
  }));
  const lengthOf = (page: Fielded, field: Field) =>
    field === "headings" ? page.headings.reduce((n, h) => n + h.length, 0) : page[field].length;
  const average = Object.fromEntries(
    FIELDS.map((f) => [f, Math.max(1, read.reduce((n, p) => n + lengthOf(p, f), 0) / Math.max(1, read.length))]),
  ) as Record<Field, number>;
  const count = (page: Fielded, field: Field, needle: string[]) =>
    field === "headings"
      ? page.headings.reduce((n, h) => n + containsRun(h, needle), 0)
      : containsRun(page[field], needle);
  const saturated = (page: Fielded, needle: string[]) => {
    let tf = 0;
    for (const f of FIELDS)
      tf += (WEIGHT[f] * count(page, f, needle)) / (1 - B[f] + (B[f] * lengthOf(page, f)) / average[f]);
    return tf / (K1 + tf);
  };
  // Inverse document frequency over the run's pages: a keyword term every page uses says less than a rare one.
  const n = read.length;
  const idf = terms.map((t) => {
    const having = read.filter((p) => FIELDS.some((f) => count(p, f, [t]) > 0)).length;
    return Math.log(1 + (n - having + 0.5) / (having + 0.5));
  });
  const idfSum = idf.reduce((a, b) => a + b, 0) || 1;
  const head = headTerm(phrase, language);
  const name = /\p{Lu}/u.test(keyword) ? keyword.trim() : "";
  return read.map((page) => {
    const scores = terms.map((t) => saturated(page, [t]));
    const strength = scores.reduce((sum, s, i) => sum + s * ((idf[i] ?? 0) / idfSum), 0);
    const phraseScore = phrase.length < 2 ? strength : saturated(page, phrase);
    const entity = name ? Math.min(1, page.raw.split(name).length - 1) : phraseScore;
    const missing = terms.filter((_, i) => (scores[i] ?? 0) === 0);
    const headed = (run: string[]) =>
      containsRun(page.title, run) > 0 || page.headings.some((h) => containsRun(h, run) > 0);
    const lost = missing.length === 1 ? missing[0] : undefined;
    const excused =
      phrase.length >= 3 &&
      lost !== undefined &&
      lost !== head &&
      ((phrase[0] === lost && headed(phrase.slice(1))) || (phrase.at(-1) === lost && headed(phrase.slice(0, -1))));
    const coverage = excused ? 1 : (terms.length - missing.length) / terms.length;
    const score = (0.5 * strength + 0.2 * phraseScore + 0.15 * entity + 0.15 * coverage) * coverage ** 2;
    return Math.round(Math.min(1, score) * 1000) / 1000;
  });
}
