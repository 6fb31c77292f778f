import { sentenceStretches } from "../text/sentences";
import { type TermVocabulary, termVocabulary } from "../text/tokens";

/** A page's text as ids of a term vocabulary's words, in order, with where each sentence stretch starts among them. */
export interface PageWords {
  readonly vocabulary: TermVocabulary;
  readonly ids: number[];
  /** The index in `ids` of each stretch's first word (see `sentenceStretches`); a stretch with no word has the next's. */
  readonly stretches: number[];
}

/**
 * The words of one research run's pages, each page read once: relevance reads every page's words, and the key
 * terms the valid pages' words again, sentence by sentence. No word spans two stretches, so a page's words read
 * stretch by stretch are its words read whole. Kept by the run, not the isolate: the next run reads its pages anew.
 */
export class PageReading {
  private readonly read = new Map<string, PageWords>();

  of(text: string, vocabulary: TermVocabulary = termVocabulary()): PageWords {
    const known = this.read.get(text);
    // A page read before the vocabulary was emptied is read again: its ids were given by the emptied one.
    if (known?.vocabulary === vocabulary) return known;
    const ids: number[] = [];
    const stretches: number[] = [];
    for (const stretch of sentenceStretches(text)) {
      stretches.push(ids.length);
      vocabulary.idsOf(stretch, ids);
    }
    const words = { vocabulary, ids, stretches };
    this.read.set(text, words);
    return words;
  }
}
