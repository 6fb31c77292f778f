import { utcDay } from "../budget/limits";
import type { Source } from "../research/types";
import { citationMarkers } from "../text/markdown";
import { type ArticleDraft, draftParts, mapDraftText } from "./draft";
import { type Article, ArticleSchema, type Citation } from "./model";
import { numberCitations } from "./numbering";
import type { ArticleOptions } from "./options";
import { headingAnchors, normaliseMarkers, slugify } from "./text";
import { proseWordCount } from "./word-count";

/** Adult silent reading speed for non-fiction (Brysbaert 2019). */
const WORDS_PER_MINUTE = 238;

export interface DeriveContext {
  kind: Article["kind"];
  keyword: string;
  options: ArticleOptions;
  sources: Source[];
  disclaimer?: string;
}

/** Grouped markers split into single ones in every text part, so validation and rendering see one form. */
function normaliseDraft(draft: ArticleDraft): ArticleDraft {
  return mapDraftText(draft, normaliseMarkers);
}

/**
 * The finished article: the draft plus slug, table of contents, citations (numbered 1..n in the order first
 * cited, each mapped to its research source), the cited sources in that order, and reading figures.
 */
export function deriveArticle(draft: ArticleDraft, ctx: DeriveContext): Article {
  const { draft: clean, sourceIds } = numberCitations(normaliseDraft(draft));
  const citations: Citation[] = draftParts(clean).flatMap(({ location, text }) =>
    citationMarkers(text).map((marker) => ({ marker, sourceId: sourceIds.get(marker) ?? marker, location })),
  );
  const byId = new Map(ctx.sources.filter((s) => s.status === "ok").map((s) => [s.id, s]));
  const sources = [...sourceIds].flatMap(([marker, id]) => {
    const source = byId.get(id);
    if (!source) return [];
    const publishedAt = dayOf(source.publishedAt);
    const retrievedAt = dayOf(source.fetchedAt);
    return [
      {
        id: marker,
        url: source.finalUrl ?? source.url,
        title: source.title || source.url,
        ...(publishedAt ? { publishedAt } : {}),
        ...(retrievedAt ? { retrievedAt } : {}),
      },
    ];
  });
  const anchors = headingAnchors(clean.sections.map((s) => s.heading));
  const wordCount = proseWordCount(clean);
  return ArticleSchema.parse({
    kind: ctx.kind,
    title: clean.title,
    metaDescription: clean.metaDescription,
    slug: slugify(clean.title) || slugify(ctx.keyword) || "article",
    focusKeyphrase: ctx.keyword,
    language: ctx.options.language,
    intro: clean.intro,
    sections: clean.sections,
    ...(ctx.options.includeToc
      ? { toc: clean.sections.map((s, i) => ({ heading: s.heading, anchor: anchors[i] ?? "", level: s.level })) }
      : {}),
    faq: ctx.options.includeFaq ? clean.faq : [],
    ...(ctx.options.includeConclusion && clean.conclusion ? { conclusion: clean.conclusion } : {}),
    citations,
    sources,
    wordCount,
    readingTimeMinutes: Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE)),
    ...(ctx.disclaimer ? { disclaimer: ctx.disclaimer } : {}),
  });
}

/** The UTC day of a timestamp, `YYYY-MM-DD`; undefined for one that is absent or not a date. */
function dayOf(timestamp: string | undefined): string | undefined {
  const time = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(time)) return undefined;
  const day = utcDay(time);
  // Years past 9999 or before year 0 print with a sign: not a day a reader can use.
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}
