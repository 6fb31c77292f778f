import type { EmbeddingPort } from "../ports/embeddings";
import { vectorCosine } from "../text/cosine";
import { PageReading } from "./page-words";
import { relevanceTo, type TopicalText } from "./relevance";

/**
 * Scores how much each page is about a keyword, 0–1, in the order of `pages`; the pages' words, where read, come
 * from the run's `reading`.
 */
export interface RelevanceScorer {
  readonly name: string;
  score(keyword: string, pages: TopicalText[], language?: string, reading?: PageReading): Promise<number[]>;
}

/** The offline default: where the keyword's terms appear (see `relevanceTo`). */
export const lexicalRelevance: RelevanceScorer = {
  name: "lexical",
  score: async (keyword, pages, language, reading = new PageReading()) =>
    pages.map((page) => relevanceTo(keyword, page, language, reading)),
};

/** Cosine similarity of a keyword and an unrelated page is rarely below this for sentence-embedding models… */
const UNRELATED_COSINE = 0.45;
/** …and a page about the keyword rarely above this: the span in between maps onto 0–1. */
const ON_TOPIC_COSINE = 0.8;
const SEMANTIC_WEIGHT = 0.6;
/** What a page is about, as much of it as an embedding model reads: title, headings, then the start of the body. */
const EMBEDDED_CHARACTERS = 2000;

function pageText(page: TopicalText): string {
  return [page.title, page.headings.map((h) => h.text).join("; "), page.text].join("\n").slice(0, EMBEDDED_CHARACTERS);
}

/**
 * Relevance from embeddings where they can be had: the keyword's and the page's vectors compared by cosine,
 * rescaled to 0–1 and blended with the lexical score (0.6 × semantic + 0.4 × lexical), so a page about the
 * keyword in other words ("rainy-day savings" for "emergency fund") is not lost to a missing term. On any error,
 * or an answer of the wrong shape (not one vector per text, or vectors that cannot be compared), every page gets
 * its lexical score: research never fails for want of embeddings.
 */
export function embeddingRelevance(embedder: EmbeddingPort, onError?: (error: unknown) => void): RelevanceScorer {
  return {
    name: `embeddings:${embedder.name}`,
    async score(keyword, pages, language, reading) {
      const lexical = await lexicalRelevance.score(keyword, pages, language, reading);
      if (pages.length === 0) return lexical;
      try {
        const [target, ...vectors] = await embedder.embed([keyword, ...pages.map(pageText)]);
        if (!target || vectors.length !== pages.length) throw new Error("embeddings: one vector per text expected");
        if (![target, ...vectors].every((vector) => comparable(vector, target.length))) {
          throw new Error("embeddings: vectors of one length, of finite numbers, not all zero, expected");
        }
        return lexical.map((lexicalScore, i) => {
          const cosine = vectorCosine(target, vectors[i] ?? []);
          const semantic = Math.min(1, Math.max(0, (cosine - UNRELATED_COSINE) / (ON_TOPIC_COSINE - UNRELATED_COSINE)));
          const blended = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexicalScore;
          return Number.isFinite(blended) ? Math.round(blended * 1000) / 1000 : lexicalScore;
        });
      } catch (error) {
        onError?.(error);
        return lexical;
      }
    },
  };
}

/** A vector a cosine can be taken of against others of `length`: that long, finite, not all zero. */
function comparable(vector: readonly number[], length: number): boolean {
  return (
    vector.length === length && length > 0 && vector.every((x) => Number.isFinite(x)) && vector.some((x) => x !== 0)
  );
}
