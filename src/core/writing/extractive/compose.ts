import type { ArticleDraft } from "../../article/draft";
import type { ArticleOptions } from "../../article/options";
import type { CompetitorAnalysis, Source } from "../../research/types";
import { topicTerms } from "../../text/tokens";
import { writingBudget } from "../budget";
import { extractFaq } from "./faq";
import { planSections } from "./outline";
import { selectSentences } from "./select";
import { type Sentence, sourceSentences } from "./sentences";
import { audienceNote, callToAction, extractiveTitle, metaDescription, openingSentence, quote } from "./templates";

export interface ComposeInput {
  keyword: string;
  options: ArticleOptions;
  sources: Source[];
  competitors?: CompetitorAnalysis;
}

/** Beginners get the shorter sentences, advanced readers the longer, denser ones. */
function audiencePreference(audience: ArticleOptions["audience"]): (s: Sentence) => number {
  if (audience === "beginners") return (s) => 1 / (1 + Math.max(0, s.words - 18) / 12);
  if (audience === "advanced") return (s) => 1 + Math.min(1, s.words / 60);
  return () => 1;
}

/** Quoted sentences as paragraphs of up to three, each sentence followed by its citation. */
function paragraphs(sentences: Sentence[]): string {
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) {
    out.push(
      sentences
        .slice(i, i + 3)
        .map((s) => quote(s.text, s.sourceId))
        .join(" "),
    );
  }
  return out.join("\n\n");
}

function uniqueSentences(sources: Source[]): Sentence[] {
  const seen = new Set<string>();
  return sources.flatMap((source) =>
    sourceSentences(source).filter((s) => {
      const key = s.tokens.join(" ");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
}

/** An article draft made only of quoted, cited source sentences plus a few framing words. */
export function composeExtractive(input: ComposeInput): ArticleDraft {
  const { keyword, options } = input;
  const sources = input.sources.filter((s) => s.status === "ok");
  const budget = writingBudget(options);
  const sentences = uniqueSentences(sources);
  const keywordTerms = topicTerms([keyword, ...options.focusKeywords].join(" "));
  const preference = audiencePreference(options.audience);
  const used = new Set<Sentence>();
  const pick = (terms: string[], wordQuota: number, maxSentences?: number, minRelative?: number) =>
    selectSentences(sentences, {
      query: [...terms, ...keywordTerms, ...keywordTerms],
      wordQuota,
      used,
      preference,
      ...(maxSentences ? { maxSentences } : {}),
      ...(minRelative !== undefined ? { minRelative } : {}),
    });

  const introQuotes = pick([], budget.introWords, 3);
  const faq = options.includeFaq
    ? extractFaq(sources, sentences, keyword, budget.faqCount, used, input.competitors)
    : [];
  const plans = planSections(keyword, options, sources, budget.sectionCount, input.competitors);
  const filled = plans.map((plan) => ({ heading: plan.heading, quotes: pick(plan.terms, budget.sectionWords) }));
  // Short of the target, a second, less strict pass tops up each section from what is left.
  const sectionTotal = () => filled.reduce((sum, s) => sum + s.quotes.reduce((n, q) => n + q.words, 0), 0);
  const sectionTarget = budget.sectionCount * budget.sectionWords;
  filled.forEach((section, i) => {
    const missing = sectionTarget - sectionTotal();
    if (missing < sectionTarget * 0.15) return;
    const share = Math.ceil(missing / (filled.length - i));
    section.quotes.push(...pick(plans[i]?.terms ?? [], share, undefined, 0.12));
  });
  const sections = filled.filter((s) => s.quotes.length > 0);
  const conclusionQuotes = options.includeConclusion ? pick([], budget.conclusionWords, 2) : [];
  const cited = new Set([...introQuotes, ...sections.flatMap((s) => s.quotes)].map((s) => s.sourceId));

  const opening = [openingSentence(keyword, options.tone, cited.size || sources.length), audienceNote(options.audience)]
    .filter(Boolean)
    .join(" ");
  return {
    title: extractiveTitle(keyword, options.contentType),
    metaDescription: metaDescription(
      keyword,
      sections.map((s) => s.heading),
      cited.size || sources.length,
    ),
    intro: [opening, paragraphs(introQuotes)].filter(Boolean).join("\n\n"),
    sections: sections.map((s) => ({ heading: s.heading, level: 2 as const, body: paragraphs(s.quotes) })),
    faq: faq.map((entry) => ({ question: entry.question, answer: paragraphs(entry.answer) })),
    ...(options.includeConclusion
      ? {
          conclusion: {
            body: conclusionQuotes.length
              ? paragraphs(conclusionQuotes)
              : `The passages above set out what the sources say about ${keyword}.`,
            callToAction: callToAction(keyword, options.tone),
          },
        }
      : {}),
  };
}

/** One more section of quotes on `heading`, leaving out sentences the draft already quotes. */
export function quotedSection(input: ComposeInput, heading: string, quoted: string) {
  const sources = input.sources.filter((s) => s.status === "ok");
  const sentences = uniqueSentences(sources);
  const used = new Set(sentences.filter((s) => quoted.includes(s.text.slice(0, 60))));
  const quotes = selectSentences(sentences, {
    query: [...topicTerms(heading), ...topicTerms(input.keyword)],
    wordQuota: writingBudget(input.options).sectionWords,
    used,
    preference: audiencePreference(input.options.audience),
  });
  return quotes.length ? { heading, level: 2 as const, body: paragraphs(quotes) } : undefined;
}

export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[\s,;:.]+$/, "")}…`;
}
