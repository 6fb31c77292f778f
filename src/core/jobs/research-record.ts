import type { ResearchReport, Source } from "../research/types";
import type { RecordedResearch } from "./state";

/** Page text kept across all sources of one report: a few hundred KB keeps an event row far below D1's limit. */
const TEXT_BUDGET = 400_000;
const MAX_TEXT_PER_SOURCE = 20_000;
const MAX_HEADINGS = 60;
/**
 * Headings are kept within the source's text budget, but never fewer characters of them than this: a source that
 * is not used (budget 0) still shows its outline, short as outlines are.
 */
const HEADINGS_FLOOR = 2_000;

/** The first items whose text (`textOf`) fits the budget together. */
function firstWithin<T>(items: readonly T[], budget: number, textOf: (item: T) => string): T[] {
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    const length = textOf(item).length;
    if (used + length > budget) break;
    kept.push(item);
    used += length;
  }
  return kept;
}

function capSource(source: Source, budget: number): Source {
  const { links: _links, ...rest } = source;
  return {
    ...rest,
    text: source.text.slice(0, budget),
    paragraphs: firstWithin(source.paragraphs, budget, (paragraph) => paragraph),
    // A page of paragraph-long headings is cut by their text too, not only by their number.
    headings: firstWithin(source.headings.slice(0, MAX_HEADINGS), Math.max(budget, HEADINGS_FLOOR), (h) => h.text),
  };
}

/** The report as the ResearchCompleted event stores it: what the writer and assessor need, text capped. */
export function recordResearch(report: ResearchReport): RecordedResearch {
  const usable = Math.max(1, report.sources.filter((source) => source.status === "ok").length);
  const perSource = Math.min(MAX_TEXT_PER_SOURCE, Math.floor(TEXT_BUDGET / usable / 2));
  return {
    ...report,
    sources: report.sources.map((source) =>
      source.status === "ok" ? capSource(source, perSource) : capSource(source, 0),
    ),
  };
}

export function researchSources(record: RecordedResearch): Source[] {
  return record.sources;
}
