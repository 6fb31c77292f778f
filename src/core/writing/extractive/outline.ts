import type { ArticleOptions } from "../../article/options";
import type { CompetitorAnalysis, Source } from "../../research/types";
import { capitalise } from "../../text/case";
import { addressesAModel } from "../../text/model-voice";
import { jaccard } from "../../text/similarity";
import { topicTerms } from "../../text/tokens";
import { isGeneralTerm } from "./flow";

export interface PlannedSection {
  heading: string;
  /** Terms the section's sentences are ranked against, besides the keyword. */
  terms: string[];
  /**
   * Terms of which each of the section's passages must use one: the heading's own topical words (not the
   * keyword's, not a count or a common verb such as "keep" or "replace" that a subtopic brings along), else the
   * subtopic's, else all of `terms`.
   */
  focus: string[];
}

/** Topical words that name a subject: not the keyword's, not general words. */
function focusTerms(text: string, keyword: Set<string>): string[] {
  return topicTerms(text).filter((t) => !keyword.has(t) && !isGeneralTerm(t));
}

/**
 * Headings the sources share (from the competitor analysis), then every source heading by how many sources
 * have it: a heading one source gives a subject of its own is a better section than a generic one.
 */
function candidateHeadings(sources: Source[], competitors?: CompetitorAnalysis): { text: string; terms: string[] }[] {
  const fromAnalysis = [
    ...(competitors?.commonHeadings ?? []).map((h) => ({ text: h.text, terms: [] as string[] })),
    ...(competitors?.subtopics ?? []).map((s) => ({ text: s.label, terms: s.terms })),
  ];
  const counts = new Map<string, { text: string; pages: Set<number> }>();
  for (const source of sources) {
    for (const heading of source.headings) {
      if (heading.level < 2 || heading.level > 3) continue;
      const key = topicTerms(heading.text).join(" ");
      if (!key) continue;
      const entry = counts.get(key) ?? { text: heading.text.trim(), pages: new Set<number>() };
      entry.pages.add(source.id);
      counts.set(key, entry);
    }
  }
  return [
    ...fromAnalysis,
    ...[...counts.values()]
      .sort((a, b) => b.pages.size - a.pages.size)
      .map((entry) => ({ text: entry.text, terms: [] as string[] })),
  ].filter((candidate) => !addressesAModel(candidate.text));
}

/** Fallback headings by content type, so the article keeps a shape when sources share no headings. */
function genericHeadings(keyword: string, contentType: ArticleOptions["contentType"]): string[] {
  const k = keyword;
  const byType: Record<ArticleOptions["contentType"], string[]> = {
    tutorial: [
      `Before you start with ${k}`,
      `How ${k} works step by step`,
      `Common mistakes with ${k}`,
      `Tips for ${k}`,
    ],
    guide: [`${capitalise(k)} basics`, `Why ${k} matters`, `How ${k} works`, `Getting the most from ${k}`],
    review: [`${k} at a glance`, `Strengths of ${k}`, `Weaknesses of ${k}`, `Verdict on ${k}`],
    comparison: [`The options for ${k}`, `How they differ`, `Costs and trade-offs`, `Which to choose`],
    news: [`What happened with ${k}`, `Background to ${k}`, `Reactions`, `What comes next for ${k}`],
    opinion: [
      `The case for ${k}`,
      `The case against ${k}`,
      `What the evidence says about ${k}`,
      `Where ${k} goes from here`,
    ],
  };
  return byType[contentType];
}

const TYPE_CUES: Record<ArticleOptions["contentType"], RegExp> = {
  tutorial: /\b(how|step|steps|guide|setup|install|start)\b/i,
  guide: /\b(what|why|how|types|benefits)\b/i,
  review: /\b(pros|cons|review|verdict|price|features)\b/i,
  comparison: /\b(vs|versus|compare|comparison|difference|alternatives)\b/i,
  news: /\b(new|update|announced|latest|report)\b/i,
  opinion: /\b(why|should|case|argument|debate)\b/i,
};

/**
 * A heading that names a subject of its own: not cut off ("Choose raised beds if:"), not just the keyword's
 * words ("The emergency"), and not a part the article has anyway (FAQ, conclusion, sources).
 */
function isWholeHeading(text: string, keyword: string): boolean {
  if (/\b(if|and|or|to|the|a|an|of|for|with|when|because)\s*(?:[:.…-]\s*)?$/i.test(text.trim())) return false;
  // A reader's own problem ("My hook does not run") is a question for the FAQ, not a section's subject.
  if (/^(my|i|we|our)\b/i.test(text.trim())) return false;
  if (/\b(frequently asked|faqs?|conclusion|summary|contents|related|comments?|references|sources)\b/i.test(text))
    return false;
  const own = new Set(topicTerms(keyword));
  return topicTerms(text).some((term) => !own.has(term));
}

/** A heading whose subject is a pronoun ("Where to keep it", "Why they fail"): it names nothing on its own. */
const POINTING = /\b(it|they|them|this|these|those)\s*$|\b(it|they|them)\b/i;

/**
 * A heading without the numbering of the list it came from ("Step 1: Work out your essential monthly expenses",
 * "3. Making the bed too wide"): in the article it is a section of its own, not a page's step.
 */
function withoutEnumeration(text: string): string {
  const bare = text.replace(/^\s*(?:(?:step|phase|part|tip|mistake|method|option)\s+)?\d{1,2}\s*[.:)–-]\s+/i, "");
  return bare === text ? text : capitalise(bare);
}

/** The sections: shared headings (those fitting the content type first), de-duplicated, then generic fill. */
export function planSections(
  keyword: string,
  options: ArticleOptions,
  sources: Source[],
  count: number,
  competitors?: CompetitorAnalysis,
): PlannedSection[] {
  const candidates = candidateHeadings(sources, competitors)
    .map((c) => ({ ...c, text: withoutEnumeration(c.text) }))
    .filter((c) => c.text.length <= 120 && !c.text.endsWith("?") && isWholeHeading(c.text, keyword))
    .map((c, i) => ({ ...c, rank: i - (TYPE_CUES[options.contentType].test(c.text) ? 3 : 0) }))
    .sort((a, b) => a.rank - b.rank);
  const chosen: PlannedSection[] = [];
  const keywordTerms = new Set(topicTerms(keyword));
  for (const candidate of [
    ...candidates,
    ...genericHeadings(keyword, options.contentType).map((text) => ({ text, terms: [] })),
  ]) {
    const tokens = topicTerms(candidate.text);
    // Headings are compared on their own words: "Where to keep it" and "Where to keep your emergency fund" are one.
    const ownOf = (text: string) => {
      const terms = topicTerms(text).filter((t) => !keywordTerms.has(t));
      return terms.length ? terms : topicTerms(text);
    };
    const mine = ownOf(candidate.text);
    // "Soil: the deciding factor for many" is about what "Soil" is about.
    const lead = ownOf(candidate.text.split(":")[0] ?? "").join(" ");
    const same = (heading: string) => {
      const other = ownOf(heading);
      return (
        jaccard(other, mine) > 0.5 ||
        other.join(" ") === lead ||
        ownOf(heading.split(":")[0] ?? "").join(" ") === mine.join(" ")
      );
    };
    const twin = chosen.find((c) => same(c.heading));
    if (twin) {
      // Of two headings on one subject, the one that names it: "Where to keep your emergency fund", not "Where to
      // keep it", which leans on a question the article does not ask.
      if (POINTING.test(twin.heading) && !POINTING.test(candidate.text))
        twin.heading = capitalise(candidate.text.trim());
      continue;
    }
    const terms = [...tokens, ...candidate.terms.flatMap(topicTerms)];
    const own = new Set(topicTerms(keyword));
    const fromHeading = focusTerms(candidate.text, own);
    const fromSubtopic = focusTerms(candidate.terms.join(" "), own);
    const focus = fromHeading.length ? fromHeading : fromSubtopic.length ? fromSubtopic : terms;
    // Two headings that name the same thing ("Soil" and "What raised bed soil has to do") would split its passages.
    const named = [...new Set(focus)].sort().join(" ");
    if (chosen.some((c) => [...new Set(c.focus)].sort().join(" ") === named)) continue;
    chosen.push({ heading: capitalise(candidate.text.trim()), terms, focus });
    if (chosen.length >= count) break;
  }
  return chosen;
}
