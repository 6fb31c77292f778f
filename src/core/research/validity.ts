import type { ExtractedPage, RejectionReason } from "./types";

/** When a fetched page is good enough to learn from and cite. */
export interface ValidityRules {
  minWords: number;
  minParagraphs: number;
  requireTitle: boolean;
}

export const DEFAULT_VALIDITY: ValidityRules = { minWords: 300, minParagraphs: 3, requireTitle: true };

export function validityRules(overrides: Partial<ValidityRules> = {}): ValidityRules {
  return { ...DEFAULT_VALIDITY, ...overrides };
}

/** The first rule a page breaks, or undefined when it passes them all. */
export function invalidReason(
  page: ExtractedPage,
  rules: ValidityRules,
): { reason: RejectionReason; detail: string } | undefined {
  if (rules.requireTitle && !page.title.trim()) return { reason: "no_title", detail: "the page has no title" };
  if (page.wordCount < rules.minWords) {
    return { reason: "too_few_words", detail: `${page.wordCount} words, at least ${rules.minWords} needed` };
  }
  const paragraphs = page.paragraphs.filter((p) => p.trim()).length;
  if (paragraphs < rules.minParagraphs) {
    return { reason: "too_few_paragraphs", detail: `${paragraphs} paragraphs, at least ${rules.minParagraphs} needed` };
  }
  return undefined;
}
