import type { Source } from "../research/types";
import { citationMarkers } from "../text/markdown";
import { type ArticleDraft, draftParts } from "./draft";
import type { ArticleOptions } from "./options";

/**
 * What is wrong with a draft, as sentences a model can act on when it is asked to repair its answer.
 * Empty when the draft may become an article: every marker resolves to a retrieved ok source and the
 * parts the options require are there.
 */
export function draftProblems(draft: ArticleDraft, options: ArticleOptions, sources: Source[]): string[] {
  const citable = citableIds(sources);
  const problems = draftParts(draft).flatMap(({ location, text }) => markerProblems(location, text, citable));
  draft.sections.forEach((section, index) => {
    if (citationMarkers(section.body).length === 0) {
      problems.push(`section ${index + 1} ("${section.heading}") has no [n] citation; cite the sources it draws on`);
    }
  });
  if (options.includeFaq && draft.faq.length === 0) problems.push("the FAQ is missing; add question-answer pairs");
  if (options.includeConclusion && !draft.conclusion) {
    problems.push("the conclusion is missing; add a conclusion body and a call to action");
  }
  return problems;
}

export function citableIds(sources: Source[]): Set<number> {
  return new Set(sources.filter((s) => s.status === "ok").map((s) => s.id));
}

/** Markers in `text` that do not resolve to a retrieved ok source. */
export function markerProblems(location: string, text: string, citable: Set<number>): string[] {
  return [...new Set(citationMarkers(text))]
    .filter((marker) => !citable.has(marker))
    .map((marker) => `${location} cites [${marker}], which is not a retrieved source; cite only ${listIds(citable)}`);
}

function listIds(ids: Set<number>): string {
  return ids.size ? [...ids].map((id) => `[${id}]`).join(", ") : "nothing (no source was retrieved)";
}
