import { citationMarkers, outsideCode } from "../text/markdown";
import { type ArticleDraft, draftParts, mapDraftText } from "./draft";
import type { Article } from "./model";

const MARKER = /\[(\d{1,3})\](?!\()/g;

function mapMarkers<T extends ArticleDraft>(draft: T, to: (n: number) => number): T {
  return mapDraftText(draft, (text) =>
    outsideCode(text, (prose) => prose.replace(MARKER, (_all, n: string) => `[${to(Number(n))}]`)),
  );
}

/**
 * Citations numbered 1..n in the order the article first cites them. Writers cite sources by research id
 * (`[6]`); readers should see `[1]` first, then `[2]`, with no gaps. Returns the renumbered draft and, for each
 * new number, the research id it stands for. Markers must already be single (`[1][3]`, not `[1, 3]`).
 */
export function numberCitations(draft: ArticleDraft): { draft: ArticleDraft; sourceIds: Map<number, number> } {
  const numbers = new Map<number, number>();
  for (const { text } of draftParts(draft))
    for (const id of citationMarkers(text)) if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
  const sourceIds = new Map([...numbers].map(([id, n]) => [n, id]));
  return { draft: mapMarkers(draft, (id) => numbers.get(id) ?? id), sourceIds };
}

/**
 * The article with its markers and sources back in research ids, the numbering writers cite by: what a writer
 * revising the article works from.
 */
export function inSourceNumbers(article: Article): Article {
  const ids = new Map(article.citations.map((c) => [c.marker, c.sourceId]));
  const renumbered = mapMarkers(article, (n) => ids.get(n) ?? n);
  return {
    ...renumbered,
    citations: article.citations.map((c) => ({ ...c, marker: c.sourceId })),
    sources: article.sources.map((s) => ({ ...s, id: ids.get(s.id) ?? s.id })),
  };
}
