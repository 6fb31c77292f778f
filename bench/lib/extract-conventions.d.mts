// Types of extract-conventions.mjs for the tests.
export const PARTS: [name: string, selector: string][];
export interface ConventionCell {
  pages: number;
  shingles: number;
  kept: number;
}
export function conventions(
  pages: { dataset: string; truth: string; html: string }[],
  parts?: [name: string, selector: string][],
): Map<string, Map<string, ConventionCell>>;
