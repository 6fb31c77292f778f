import type { ArticleDraft } from "../../article/draft";
import type { ArticleOptions } from "../../article/options";
import type { CompetitorAnalysis, Source } from "../../research/types";
import { topicTerms } from "../../text/tokens";
import { writingBudget } from "../budget";
import { extractFaq } from "./faq";
import { orderPassages, RELATED, sharedTerms } from "./flow";
import { attribution, passageKind, type SourceNames, sectionLead, sourceNames, summarySentence } from "./framing";
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

type Framing = Pick<ArticleOptions, "language" | "tone"> & {
  keyword: string;
  names: Map<number, SourceNames>;
  seen: Set<number>;
  written: Set<string>;
};

function framing(keyword: string, options: ArticleOptions, sources: Source[]): Framing {
  return {
    keyword,
    language: options.language,
    tone: options.tone,
    names: new Map(sources.map((s) => [s.id, sourceNames(s, keyword)])),
    seen: new Set(),
    written: new Set(),
  };
}

/**
 * A section's passages as a brief reads: an opening sentence that states what they turn on (when `heading` is
 * given), then the passages grouped by source and ordered by how close each group is to the heading and to the
 * group before it (each source's passages in its reading order); each group of up to three is introduced by a
 * short sentence naming the source, linked to the one before when it speaks to the same point.
 */
function framedParagraphs(sentences: Sentence[], frame: Framing, heading?: string, terms: string[] = []): string {
  const out: string[] = [];
  const lead = heading ? sectionLead(heading, sharedTerms(sentences, heading, frame.keyword, terms), frame) : "";
  for (const group of orderPassages(sentences, heading ?? "", frame.keyword)) {
    const { sourceId } = group;
    for (let i = 0; i < group.sentences.length; i += 3) {
      const chunk = group.sentences.slice(i, i + 3);
      const names = frame.names.get(sourceId) ?? { full: "One source", short: "One source" };
      const seen = frame.seen.has(sourceId);
      const intro = attribution(
        seen ? names.short : names.full,
        passageKind(chunk[0]?.text ?? ""),
        frame,
        // A section's first passage has nothing before it in the section to add to or come back from.
        seen && out.length > 0,
        frame.written,
        i === 0 && out.length > 0 && group.linkToPrevious >= RELATED,
        seen ? names.full : names.short,
      );
      frame.seen.add(sourceId);
      const opening = out.length === 0 && lead ? [lead] : [];
      out.push([...opening, ...(intro ? [intro] : []), ...chunk.map((s) => quote(s.text, s.sourceId))].join(" "));
    }
  }
  return out.join("\n\n");
}

/**
 * Sections in the order the sources treat their subjects: by where, on average, their passages sit in their
 * sources (0 at a page's start, 1 at its end), so what the pages explain first comes first.
 */
function inReadingOrder<T extends { quotes: Sentence[] }>(sections: T[], pool: Sentence[]): T[] {
  const last = new Map<number, number>();
  for (const s of pool) last.set(s.sourceId, Math.max(last.get(s.sourceId) ?? 1, s.position));
  const place = (section: T) =>
    section.quotes.reduce((sum, s) => sum + s.position / (last.get(s.sourceId) ?? 1), 0) / section.quotes.length;
  return sections
    .map((section, rank) => ({ section, rank, at: place(section) }))
    .sort((a, b) => a.at - b.at || a.rank - b.rank)
    .map((entry) => entry.section);
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
  const pick = (terms: string[], wordQuota: number, maxSentences?: number, minRelative?: number, anyOf = terms) =>
    selectSentences(sentences, {
      // Each passage must speak of what its heading names, not only of the keyword.
      anyOf: anyOf.filter((t) => !keywordTerms.includes(t)),
      query: [...terms, ...keywordTerms, ...keywordTerms],
      wordQuota,
      used,
      common: keywordTerms,
      preference,
      ...(maxSentences ? { maxSentences } : {}),
      ...(minRelative !== undefined ? { minRelative } : {}),
    });

  const introQuotes = pick([], budget.introWords, 3);
  const faq = options.includeFaq
    ? extractFaq(sources, sentences, keyword, budget.faqCount, used, input.competitors)
    : [];
  // A few headings in reserve: a heading no passage speaks to gives way to the next one.
  const filled: { heading: string; terms: string[]; focus: string[]; quotes: Sentence[] }[] = [];
  for (const plan of planSections(keyword, options, sources, budget.sectionCount + 4, input.competitors)) {
    if (filled.length >= budget.sectionCount) break;
    // Each passage must use a word of what the heading names (its focus), not only a word a subtopic brings along.
    const quotes = pick(plan.terms, budget.sectionWords, undefined, undefined, plan.focus);
    if (quotes.length) filled.push({ heading: plan.heading, terms: plan.terms, focus: plan.focus, quotes });
  }
  // Short of the target, a second, less strict pass tops up each section from what is left.
  const sectionTotal = () => filled.reduce((sum, s) => sum + s.quotes.reduce((n, q) => n + q.words, 0), 0);
  // The conclusion sums the sections up in a sentence instead of quoting: its words go to the sections.
  const conclusionShare = options.includeConclusion ? budget.conclusionWords : 0;
  const sectionTarget = budget.sectionCount * budget.sectionWords + conclusionShare;
  filled.forEach((section, i) => {
    const missing = sectionTarget - sectionTotal();
    if (missing < sectionTarget * 0.15) return;
    const share = Math.ceil(missing / (filled.length - i));
    // The looser pass too takes only passages on what the heading names (its focus), so a section does not drift.
    section.quotes.push(...pick(section.terms, share, undefined, 0.12, section.focus));
  });
  const sections = inReadingOrder(
    filled.filter((s) => s.quotes.length > 0),
    sentences,
  );
  const frame = framing(keyword, options, sources);
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
    intro: [opening, framedParagraphs(introQuotes, frame)].filter(Boolean).join("\n\n"),
    sections: sections.map((s) => ({
      heading: s.heading,
      level: 2 as const,
      body: framedParagraphs(s.quotes, frame, s.heading, s.terms),
    })),
    faq: faq.map((entry) => ({ question: entry.question, answer: paragraphs(entry.answer) })),
    ...(options.includeConclusion
      ? {
          conclusion: {
            body:
              summarySentence(
                sections.map((s) => s.heading),
                options,
              ) || `The passages above set out what the sources say about ${keyword}.`,
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
    common: topicTerms(input.keyword),
    preference: audiencePreference(input.options.audience),
  });
  if (!quotes.length) return undefined;
  const frame = framing(input.keyword, input.options, sources);
  for (const s of sentences) if (used.has(s)) frame.seen.add(s.sourceId);
  return { heading, level: 2 as const, body: framedParagraphs(quotes, frame, heading, topicTerms(heading)) };
}

export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[\s,;:.]+$/, "")}…`;
}
