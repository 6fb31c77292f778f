import type { ArticleOptions } from "../article/options";

/** Output tokens per English word, with headroom for Markdown, markers and the JSON around them. */
const TOKENS_PER_WORD = 1.5;
const CALL_OVERHEAD_TOKENS = 200;

export interface WritingBudget {
  sectionCount: number;
  faqCount: number;
  introWords: number;
  conclusionWords: number;
  faqAnswerWords: number;
  /** Words each section aims at: the target minus intro, FAQ and conclusion, shared between sections. */
  sectionWords: number;
  tokens: { outline: number; section: number; framing: number; revision: number };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));
const tokensFor = (words: number) => Math.ceil(words * TOKENS_PER_WORD) + CALL_OVERHEAD_TOKENS;

/** How a target length splits into parts and how many tokens each model call may spend. */
export function writingBudget(options: ArticleOptions): WritingBudget {
  const target = options.targetWords;
  const sectionCount = clamp(target / 280, 3, 12);
  const faqCount = options.includeFaq ? clamp(target / 400, 3, 8) : 0;
  const introWords = clamp(target * 0.08, 60, 220);
  const conclusionWords = options.includeConclusion ? clamp(target * 0.07, 60, 200) : 0;
  const faqAnswerWords = 55;
  const rest = target - introWords - conclusionWords - faqCount * faqAnswerWords;
  const sectionWords = Math.max(80, Math.round(rest / sectionCount));
  return {
    sectionCount,
    faqCount,
    introWords,
    conclusionWords,
    faqAnswerWords,
    sectionWords,
    tokens: {
      outline: 400 + sectionCount * 90 + faqCount * 30,
      section: tokensFor(sectionWords),
      framing: tokensFor(introWords + conclusionWords + faqCount * (faqAnswerWords + 15)),
      revision: tokensFor(target * 1.1),
    },
  };
}
