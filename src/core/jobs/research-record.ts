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

function capParagraphs(paragraphs: string[], budget: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const paragraph of paragraphs) {
    if (used + paragraph.length > budget) break;
    kept.push(paragraph);
    used += paragraph.length;
  }
  return kept;
}

/** The first headings, at most MAX_HEADINGS, whose text fits the budget: a page of paragraph-long headings is cut too. */
function capHeadings(headings: Source["headings"], budget: number): Source["headings"] {
  const kept: Source["headings"] = [];
  let used = 0;
  for (const heading of headings.slice(0, MAX_HEADINGS)) {
    if (used + heading.text.length > budget) break;
    kept.push(heading);
    used += heading.text.length;
  }
  return kept;
}

function capSource(source: Source, budget: number): Source {
  const { links: _links, ...rest } = source;
  return {
    ...rest,
    text: source.text.slice(0, budget),
    paragraphs: capParagraphs(source.paragraphs, budget),
    headings: capHeadings(source.headings, Math.max(budget, HEADINGS_FLOOR)),
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
