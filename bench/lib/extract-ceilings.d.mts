// Types of extract-ceilings.mjs for the tests.
export interface Overlap {
  tp: number;
  fp: number;
  fn: number;
}
export interface Score {
  f1: number;
  precision: number;
  recall: number;
}
export interface CeilingPage {
  dataset: string;
  truth: string;
}
export function foundLines(
  truth: string,
  text: string,
): { lines: { line: string; found: boolean }[]; left: Map<string, number> };
export interface Ceiling {
  name: string;
  all: Score;
  perDataset: Record<string, Score>;
}
/** The four ceilings, in order: trim, add, trim + add, best of two. */
export function ceilings<P extends CeilingPage>(
  pages: P[],
  ours: string[],
  baseline: string[],
  pageBlocks: (page: P) => string[],
): [Ceiling, Ceiling, Ceiling, Ceiling];
