import type { Source } from "../../research/types";
import { collapseSpace, sentences } from "../../text/sentences";
import { tokenShingles } from "../../text/similarity";
import { type TermVocabulary, termVocabulary } from "../../text/tokens";

/** One quotable sentence of a source, with where it came from so FAQ answers can take what follows a question. */
export interface Sentence {
  sourceId: number;
  text: string;
  tokens: string[];
  /** Its words (see `words`) normalised (see `normalizeWord`), in order. */
  normalized: string[];
  words: number;
  /** Position in the source's reading order. */
  position: number;
  shingles: Set<string>;
  /** It answers the question just before it in the source: quoted only with that question (in the FAQ). */
  answers?: boolean;
}

const BOILERPLATE =
  /\b(cookies?|subscribe|newsletter|sign up|log in|click here|all rights reserved|javascript|advertisement|share this)\b/i;

/**
 * Footnote markers and edit links the page carried would read as our own citations; they go. Trimmed before
 * folding, which gives the same text and leaves most sentences nothing to fold; most have no marker to look for.
 */
function cleanSentence(text: string): string {
  const unmarked = text.includes("[") ? text.replace(/\[(?:\d+|[a-z]|edit|citation needed)\]/gi, "") : text;
  return collapseSpace(unmarked.replace(/\s+([,.;:!?])/g, "$1").trim());
}

const LETTER_AT = /\p{L}/uy;

/** How many letters (code points) a text holds: ASCII by its code, anything else by the Unicode test. */
function letterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      const lower = code | 32;
      if (lower >= 97 && lower <= 122) count++;
      continue;
    }
    LETTER_AT.lastIndex = i;
    if (LETTER_AT.test(text)) count++;
    // A letter outside the Basic Multilingual Plane is two code units.
    if (code >= 0xd800 && code <= 0xdbff && (text.codePointAt(i) ?? 0) > 0xffff) i++;
  }
  return count;
}

/**
 * Whether a sentence reads as a whole, ordinary sentence (not navigation, a fragment or a link dump), before its
 * words are counted: most sentences that are not quoted fail here, and are never split into words.
 */
function looksQuotable(text: string): boolean {
  if (!/[.!?]["'”’)]?$/.test(text)) return false;
  if (/^[\p{Ll}]/u.test(text) || /https?:\/\/|www\.|@\w+\./.test(text) || BOILERPLATE.test(text)) return false;
  return !SELF_REFERENCE.test(text);
}

/** A sentence worth quoting, given it `looksQuotable`: of a quotable length, and mostly letters. */
function isQuotable(text: string, count: number): boolean {
  if (count < 6 || count > 70) return false;
  return letterCount(text) / text.length > 0.6;
}

/**
 * A sentence that leans on the one before it: it opens with a pronoun, a connective or a bare answer ("It is
 * excellent in pots", "But that costs more", "In practice, …", "Usually, but test …", "The fix: …"). Quoted alone
 * it starts mid-thought, so it is quoted with the sentence before it, or not at all.
 */
const LEANS_BACK =
  /^(?:(?:it|its|it's|this|that|these|those|they|them|their|he|she|his|her|such|both|either|neither|another|but|and|so|also|however|therefore|thus|instead|then|yet|still|otherwise|here are|here is|in practice|almost always|the fix|the answer|the same|the other|not|or|nor|because|which|as (?:fast|soon|long|much|often) as|for example|for instance|as a result|even so|in that case|at that point)\b|(?:yes|no|usually|often|sometimes|generally|not always|not really|it depends)[,:.]|for most [\p{L}\s]+, (?:yes|no)\b)/iu;

/** A sentence about the page itself ("this article explains", "see our guide"): not about the topic. */
const SELF_REFERENCE =
  /\b(this (?:article|guide|post|page)|in this (?:article|guide|post)|see our|our (?:\w+ )?(?:inbox|readers|guide|article|post)|we see|we worked with|we hope|we run a|read on|below we|as we)\b/i;

/**
 * A quotable sentence; its normalised words and trigrams are made on first use, since only sentences compared with
 * others or framed in a section need them. Its words are read as ids of the shared term vocabulary, which knows
 * each word's topical term and normal form: a word is neither cut out of the sentence nor looked up by string.
 */
class SourceSentence implements Sentence {
  readonly tokens: string[];
  readonly words: number;
  answers?: boolean;
  #ids: number[];
  #vocabulary: TermVocabulary;
  #normalized: string[] | undefined;
  #trigrams: Set<string> | undefined;

  constructor(
    readonly sourceId: number,
    readonly text: string,
    ids: number[],
    vocabulary: TermVocabulary,
    readonly position: number,
    answers: boolean,
  ) {
    const tokens: string[] = [];
    for (const id of ids) {
      const term = vocabulary.termOf(id);
      if (term !== null) tokens.push(term);
    }
    this.tokens = tokens;
    this.words = ids.length;
    if (answers) this.answers = true;
    this.#ids = ids;
    this.#vocabulary = vocabulary;
  }

  get normalized(): string[] {
    this.#normalized ??= this.#ids.map((id) => this.#vocabulary.normalOf(id));
    return this.#normalized;
  }

  get shingles(): Set<string> {
    this.#trigrams ??= tokenShingles(this.normalized);
    return this.#trigrams;
  }
}

/**
 * The quotable sentences of a source in reading order. A sentence that leans on the one before it is joined to
 * it (or dropped when nothing precedes it in its paragraph); a sentence that answers a question in the source is
 * marked, so sections never quote an answer without its question.
 */
export function sourceSentences(source: Source): Sentence[] {
  let out = split.get(source);
  if (!out) {
    out = quotableSentences(source);
    split.set(source, out);
  }
  return out;
}

/** Sources are not changed after research: each is split once however often a job drafts and revises from it. */
const split = new WeakMap<Source, Sentence[]>();

function quotableSentences(source: Source): Sentence[] {
  const out: Sentence[] = [];
  const vocabulary = termVocabulary();
  let position = 0;
  for (const paragraph of source.paragraphs) {
    let previous: { text: string; quotable: boolean } | undefined;
    for (const raw of sentences(paragraph)) {
      const clean = cleanSentence(raw);
      let text = clean;
      position++;
      const answers = previous?.text.endsWith("?") ?? false;
      if (LEANS_BACK.test(text)) {
        if (!previous || answers) {
          previous = { text, quotable: false };
          continue;
        }
        text = `${previous.text} ${text}`;
      }
      const question = text.endsWith("?");
      if (!question && !looksQuotable(text)) {
        previous = { text: clean, quotable: false };
        continue;
      }
      // Each sentence is read into words once: its count, topical terms and trigrams all come from them.
      const ids = vocabulary.idsOf(text);
      const quotable = question || isQuotable(text, ids.length);
      previous = { text: clean, quotable };
      if (!quotable) continue;
      out.push(new SourceSentence(source.id, text, ids, vocabulary, position, answers));
    }
  }
  return out;
}
