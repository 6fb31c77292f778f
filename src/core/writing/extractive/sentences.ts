import type { Source } from "../../research/types";
import { addressesAModel } from "../../text/model-voice";
import { collapseSpace, sentences } from "../../text/sentences";
import { tokenShingles } from "../../text/similarity";
import { type TermVocabulary, termVocabulary } from "../../text/tokens";
import { bareAnswer, leansBack } from "./leaning";
import { paragraphHeadings } from "./under";

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
  /** The heading it sits under in its source (level 2 or below), when the source's text shows where. */
  under?: string;
}

const BOILERPLATE =
  /\b(cookies?|subscribe|newsletter|sign up|log in|click here|all rights reserved|javascript|advertisement|share this)\b/i;

/**
 * Footnote markers and edit links the page carried would read as our own citations; they go. Trimmed before
 * folding, which gives the same text and leaves most sentences nothing to fold; most have no marker to look for.
 */
function cleanSentence(text: string): string {
  const unmarked = text.includes("[") ? text.replace(/\[(?:\d+|[a-z]|edit|citation needed)\]/gi, "") : text;
  return collapseSpace(unmarked.replace(/(?<!\s)\s+([,.;:!?])/g, "$1").trim());
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
  return !SELF_REFERENCE.test(text) && !FIRST_PERSON.test(text);
}

/** A sentence worth quoting, given it `looksQuotable`: of a quotable length, and mostly letters. */
function isQuotable(text: string, count: number): boolean {
  if (count < 6 || count > 70) return false;
  return letterCount(text) / text.length > 0.6;
}

/** A sentence about the page itself ("this article explains", "see our guide"): not about the topic. */
const SELF_REFERENCE =
  /\b(this (?:article|guide|post|page)|in this (?:article|guide|post)|see our|our (?:\w+ )?(?:inbox|readers|guide|article|post)|we see|we worked with|we hope|we run a|read on|below we|as we)\b/i;

/**
 * A sentence in the first person singular ("I have a card with a $10,000 limit, that's my emergency fund") is
 * someone's voice the page reports, often the view it goes on to rebut: never quoted as the article's statement.
 */
const FIRST_PERSON = /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d)\b|\b(?:my|me|mine)\b/;

/**
 * A quotable sentence; its normalised words and trigrams are made on first use, since only sentences compared with
 * others or framed in a section need them. Its words are read as ids of the shared term vocabulary, which knows
 * each word's topical term and normal form: a word is neither cut out of the sentence nor looked up by string.
 */
class SourceSentence implements Sentence {
  readonly tokens: string[];
  readonly words: number;
  answers?: boolean;
  under?: string;
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
    under: string | undefined,
  ) {
    const tokens: string[] = [];
    for (const id of ids) {
      const term = vocabulary.termOf(id);
      if (term !== null) tokens.push(term);
    }
    this.tokens = tokens;
    this.words = ids.length;
    if (answers) this.answers = true;
    if (under) this.under = under;
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

/** The sentence before the current one in its paragraph: its text (joined to what it leans on) and its standing. */
interface Previous {
  text: string;
  /** It was dropped for leaning on nothing: a sentence leaning on it leans on nothing either. */
  unresolved: boolean;
}

/**
 * The quotable sentences of a source, in reading order. A sentence that leans on the one before it is joined to
 * it (the whole passage that one is part of), or dropped when nothing it can lean on precedes it in its
 * paragraph. A reply to a question (the sentence after a question, or a paragraph under a question heading that
 * opens with a bare answer such as "No." or "Per square foot, usually yes.") is marked as an answer, the bare
 * answer joined to the sentence after it, so it is quoted only with its question.
 */
function quotableSentences(source: Source): Sentence[] {
  const out: Sentence[] = [];
  const vocabulary = termVocabulary();
  const under = paragraphHeadings(source);
  let position = 0;
  source.paragraphs.forEach((paragraph, index) => {
    const heading = under[index];
    let previous: Previous | undefined;
    let answering = false;
    let bare: string | undefined;
    for (const raw of sentences(paragraph)) {
      const clean = cleanSentence(raw);
      position++;
      const afterQuestion = previous
        ? previous.text.endsWith("?")
        : heading?.first === true && heading.text.trim().endsWith("?");
      if (afterQuestion && bareAnswer(clean)) {
        bare = clean;
        answering = true;
        previous = { text: clean, unresolved: false };
        continue;
      }
      // "No." reads as an abbreviation, so "No. Add compost…" comes as one sentence: a bare answer all the same.
      if (afterQuestion && /^(?:yes|no)[.,!]\s/i.test(clean)) answering = true;
      let text = clean;
      if (bare) {
        text = `${bare} ${clean}`;
        bare = undefined;
      } else if (leansBack(clean) && !afterQuestion) {
        if (!previous || previous.unresolved) {
          previous = { text: clean, unresolved: true };
          continue;
        }
        text = `${previous.text} ${clean}`;
      }
      previous = { text, unresolved: false };
      const question = text.endsWith("?");
      // A passage that speaks to a model is never quoted, question or not (see model-voice.ts).
      if ((!question && !looksQuotable(text)) || addressesAModel(text)) continue;
      // Each sentence is read into words once: its count, topical terms and trigrams all come from them.
      const ids = vocabulary.idsOf(text);
      if (!question && !isQuotable(text, ids.length)) continue;
      out.push(
        new SourceSentence(
          source.id,
          text,
          ids,
          vocabulary,
          position,
          (answering || afterQuestion) && !question,
          heading?.text,
        ),
      );
    }
    // A bare answer the paragraph ends on is the whole answer.
    if (bare && looksQuotable(bare))
      out.push(new SourceSentence(source.id, bare, vocabulary.idsOf(bare), vocabulary, position, true, heading?.text));
  });
  return out;
}
