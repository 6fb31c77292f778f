import type { Source } from "../research/types";
import { bm25Index } from "../text/bm25";
import { addressesAModel } from "../text/model-voice";
import { topicTerms } from "../text/tokens";

export interface Excerpt {
  sourceId: number;
  text: string;
}

const MAX_EXCERPT_CHARS = 600;

/** The ok sources' paragraphs most relevant to `query`, best first, so a prompt carries evidence, not pages. */
export function relevantExcerpts(sources: Source[], query: string, limit: number): Excerpt[] {
  const paragraphs = sources
    .filter((s) => s.status === "ok")
    .flatMap((s) => s.paragraphs.map((text) => ({ sourceId: s.id, text: text.trim() })))
    // A passage that speaks to a model instead of to readers is never evidence (see model-voice.ts).
    .filter((p) => p.text.length > 40 && !addressesAModel(p.text));
  const index = bm25Index(paragraphs.map((p) => topicTerms(p.text)));
  const terms = topicTerms(query);
  return paragraphs
    .map((p, i) => ({ p, score: index.score(terms, i), i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, limit)
    .map(({ p }) => ({
      sourceId: p.sourceId,
      text: p.text.length > MAX_EXCERPT_CHARS ? `${p.text.slice(0, MAX_EXCERPT_CHARS)}…` : p.text,
    }));
}

export function formatExcerpts(excerpts: Excerpt[]): string {
  return excerpts.map((e) => `[${e.sourceId}] ${e.text.replace(/\s+/g, " ")}`).join("\n");
}
