import type { ArticleDraft } from "../../article/draft";
import type { ArticleOptions } from "../../article/options";
import type { CompetitorAnalysis, Source } from "../../research/types";
import { topicTerms } from "../../text/tokens";
import { writingBudget } from "../budget";
import { conclusionBody, takeKeyPoints } from "./conclusion";
import { extractFaq } from "./faq";
import { orderPassages, RELATED, sharedTerms } from "./flow";
import { attribution, openingSentence, passageKind, type SourceNames, sectionLead, sourceNames } from "./framing";
import { planSections } from "./outline";
import { placeSentences } from "./placement";
import { type SelectOptions, selectSentences } from "./select";
import { type Sentence, sourceSentences } from "./sentences";
import { audienceNote, callToAction, extractiveTitle, metaDescription, ownWordsFor, quote } from "./templates";

export interface ComposeInput {
  keyword: string;
  options: ArticleOptions;
  sources: Source[];
  competitors?: CompetitorAnalysis;
}

/** Fewer passages than this fitting a heading best, and the heading is no section. */
const MIN_PASSAGES = 2;
/** Headings planned beyond the section count: they take the passages that fit them best, written or not. */
const HEADINGS_IN_RESERVE = 12;
/** A passage of a heading left out goes under a written one only if it fits that one at least this well. */
const MERGED_FIT = 0.6;

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
  /** How many sources the article cites: what a section's opening counts its own sources against. */
  total: number;
  /** How a source that names itself nowhere is introduced, in the article's language. */
  unnamed: string;
  names: Map<number, SourceNames>;
  seen: Set<number>;
  written: Set<string>;
};

function framing(keyword: string, options: ArticleOptions, sources: Source[], total: number): Framing {
  const unnamed = ownWordsFor(options.language).unnamedSource;
  return {
    keyword,
    total,
    language: options.language,
    tone: options.tone,
    unnamed,
    names: new Map(sources.map((s) => [s.id, sourceNames(s, keyword, unnamed)])),
    seen: new Set(),
    written: new Set(),
  };
}

/**
 * A section's passages as a brief reads: an opening sentence that says how many sources they come from and what
 * they turn on (when `heading` is given), then the passages grouped by source and ordered by how close each group
 * is to the heading and to the group before it (each source's passages in its reading order); each group of up to
 * three is introduced by a short sentence naming the source, linked to the one before when it speaks to the same
 * point.
 */
function framedParagraphs(sentences: Sentence[], frame: Framing, heading?: string, terms: string[] = []): string {
  const out: string[] = [];
  const count = new Set(sentences.map((s) => s.sourceId)).size;
  const lead = heading
    ? sectionLead(heading, sharedTerms(sentences, heading, frame.keyword, terms), frame, {
        count,
        total: Math.max(count, frame.total),
      })
    : "";
  for (const group of orderPassages(sentences, heading ?? "", frame.keyword)) {
    const { sourceId } = group;
    for (let i = 0; i < group.sentences.length; i += 3) {
      const chunk = group.sentences.slice(i, i + 3);
      const names = frame.names.get(sourceId) ?? { full: frame.unnamed, short: frame.unnamed };
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
  const pick = (
    terms: string[],
    wordQuota: number,
    more: Partial<Pick<SelectOptions, "maxSentences" | "minRelative" | "only" | "used" | "anyOf">> = {},
  ) =>
    selectSentences(sentences, {
      // Each passage must speak of what its heading names, not only of the keyword.
      anyOf: (more.anyOf ?? terms).filter((t) => !keywordTerms.includes(t)),
      query: [...terms, ...keywordTerms, ...keywordTerms],
      wordQuota,
      used: more.used ?? used,
      common: keywordTerms,
      preference,
      ...(more.maxSentences ? { maxSentences: more.maxSentences } : {}),
      ...(more.minRelative !== undefined ? { minRelative: more.minRelative } : {}),
      ...(more.only ? { only: more.only } : {}),
    });

  const introQuotes = pick([], budget.introWords, { maxSentences: 3 });
  const faq = options.includeFaq
    ? extractFaq(sources, sentences, keyword, budget.faqCount, used, input.competitors)
    : [];
  // Headings in reserve: a heading too few passages fit best gives way to the next one. Which headings are
  // written is decided with every planned heading bidding for the passages, so a heading is not written on
  // passages that belong under another ("Costs" takes the price sentences "Pests" would otherwise get); the
  // passages of a heading left out then go to the written heading they fit best, if they fit it nearly as well.
  const plans = planSections(keyword, options, sources, budget.sectionCount + HEADINGS_IN_RESERVE, input.competitors);
  const bids = placeSentences(sentences, plans, keywordTerms);
  // How many passages each heading would have (up to the two that make it a section), in the plan's order until
  // enough headings have two: whether a heading has enough is all that is asked here.
  const fitting: number[] = [];
  let sectionsFound = 0;
  for (const [at, plan] of plans.entries()) {
    if (sectionsFound >= budget.sectionCount) break;
    fitting[at] = pick(plan.terms, budget.sectionWords, {
      anyOf: plan.focus,
      only: (s) => bids.home.get(s) === at,
      used: new Set(used),
      maxSentences: MIN_PASSAGES,
    }).length;
    if ((fitting[at] ?? 0) >= MIN_PASSAGES) sectionsFound++;
  }
  // Sources too thin for any heading to have two passages (a few short pages) still make an article: then one will do.
  const least = fitting.some((n) => n >= MIN_PASSAGES) ? MIN_PASSAGES : 1;
  const chosen = plans.filter((_, at) => (fitting[at] ?? 0) >= least).slice(0, budget.sectionCount);
  const placed = placeSentences(sentences, chosen, keywordTerms);
  const filled = chosen.map((plan, at) => {
    const only = (s: Sentence) =>
      placed.home.get(s) === at && (placed.fit.get(s) ?? 0) >= MERGED_FIT * (bids.fit.get(s) ?? 0);
    // Each passage must use a word of what the heading names (its focus), not only a word a subtopic brings along.
    const quotes = pick(plan.terms, budget.sectionWords, { anyOf: plan.focus, only });
    return { heading: plan.heading, terms: plan.terms, focus: plan.focus, quotes, only };
  });
  // Short of the target, a second, less strict pass tops up each section from what is left.
  const sectionTotal = () => filled.reduce((sum, s) => sum + s.quotes.reduce((n, q) => n + q.words, 0), 0);
  // The conclusion sums the sections up instead of quoting more: its words go to the sections.
  const conclusionShare = options.includeConclusion ? budget.conclusionWords : 0;
  const sectionTarget = budget.sectionCount * budget.sectionWords + conclusionShare;
  filled.forEach((section, i) => {
    const missing = sectionTarget - sectionTotal();
    if (missing < sectionTarget * 0.15) return;
    const share = Math.ceil(missing / (filled.length - i));
    // The looser pass too takes only passages on what the heading names (its focus) and placed in this section.
    section.quotes.push(...pick(section.terms, share, { minRelative: 0.12, anyOf: section.focus, only: section.only }));
  });
  // A heading whose passages repeat ones quoted under an earlier heading can be left with one: it is dropped.
  const sections = inReadingOrder(
    filled.filter((s) => s.quotes.length >= least),
    sentences,
  );
  const keyPoints = options.includeConclusion ? takeKeyPoints(sections, keyword, MIN_PASSAGES) : [];
  const cited = new Set(
    [...introQuotes, ...sections.flatMap((s) => s.quotes), ...keyPoints.map((k) => k.sentence)].map((s) => s.sourceId),
  );
  const frame = framing(keyword, options, sources, cited.size);

  const opening = [
    openingSentence(keyword, options, cited.size || sources.length),
    audienceNote(options.audience, options.language),
  ]
    .filter(Boolean)
    .join(" ");
  const intro = [opening, framedParagraphs(introQuotes, frame)].filter(Boolean).join("\n\n");
  const bodies = sections.map((s) => ({
    heading: s.heading,
    level: 2 as const,
    body: framedParagraphs(s.quotes, frame, s.heading, s.terms),
  }));
  return {
    title: extractiveTitle(keyword, options.contentType, options.language),
    metaDescription: metaDescription(
      keyword,
      sections.map((s) => s.heading),
      cited.size || sources.length,
      options.language,
    ),
    intro,
    sections: bodies,
    faq: faq.map((entry) => ({ question: entry.question, answer: paragraphs(entry.answer) })),
    ...(options.includeConclusion
      ? {
          conclusion: {
            body: conclusionBody(
              sections.map((s) => s.heading),
              keyPoints.map(({ heading, sentence }) => {
                const names = frame.names.get(sentence.sourceId);
                const name = names ? (frame.seen.has(sentence.sourceId) ? names.short : names.full) : frame.unnamed;
                return { heading, name, sentence };
              }),
              keyword,
              options,
            ),
            callToAction: callToAction(keyword, options.tone, options.language),
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
  const total = new Set([...used, ...quotes].map((s) => s.sourceId)).size;
  const frame = framing(input.keyword, input.options, sources, total);
  for (const s of sentences) if (used.has(s)) frame.seen.add(s.sourceId);
  return { heading, level: 2 as const, body: framedParagraphs(quotes, frame, heading, topicTerms(heading)) };
}
