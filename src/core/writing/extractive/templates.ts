import { writtenLanguage } from "../../article/language";
import type { ArticleOptions } from "../../article/options";
import { capitalise } from "../../text/case";
import { OWN_WORDS } from "./own-words";
import { phrasebook } from "./phrasebook";

/**
 * The few words the extractive writer adds itself besides its framing sentences: the title, the audience note,
 * the call to action, the meta description and the disclaimer. Everything else in its drafts is quoted from sources.
 */

/** The writer's own words in an article language (`fr-CA` → French), English for a language it has none for. */
export const ownWordsFor = (language: string) => OWN_WORDS[writtenLanguage(language)];

/** What every extractive draft says it is, in the article's language (English when the writer has none for it). */
export function extractiveDisclaimer(language: string): string {
  return ownWordsFor(language).disclaimer;
}

export function extractiveTitle(keyword: string, contentType: ArticleOptions["contentType"], language: string): string {
  const words = ownWordsFor(language);
  return words.title[contentType](words.headline(keyword)).slice(0, 200);
}

/** The keyword put before a title or heading that lacks it, as the article's language writes such a label. */
export function keywordLabelled(keyword: string, text: string, language: string, headline = true): string {
  const words = ownWordsFor(language);
  return words.labelled(headline ? words.headline(keyword) : capitalise(keyword), text).slice(0, 200);
}

export function audienceNote(audience: ArticleOptions["audience"], language: string): string {
  return ownWordsFor(language).audience[audience];
}

export function callToAction(keyword: string, tone: ArticleOptions["tone"], language: string): string {
  return ownWordsFor(language).callToAction[tone](keyword);
}

/** The sentence that names the keyword as the draft's subject, put before an introduction that does not. */
export function subjectNote(keyword: string, language: string): string {
  return ownWordsFor(language).subjectNote(keyword);
}

/** Source sentences are quoted literally: Markdown syntax in them must not become formatting or links. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]{}<>#|~])/g, "\\$1");
}

/** A quoted source sentence with its citation; quotation marks inside it become single ones, as in print. */
export function quote(text: string, sourceId: number): string {
  const nested = text
    .replace(/^["“]([^"“”]+)["”]$/, "$1")
    .replace(/“|"(?=\w)/g, "‘")
    .replace(/”|"/g, "’");
  return `“${escapeMarkdown(nested)}” [${sourceId}]`;
}

const META_MIN = 120;
const META_MAX = 155;

/**
 * A heading inside a sentence: no end punctuation, its capital lowered unless it starts an acronym ("CI") or the
 * language keeps it (German nouns).
 */
const inSentence = (heading: string, lower: boolean) => {
  const text = heading.replace(/(?<![.:;!?])[.:;!?]+$/, "").trim();
  return lower && /^\p{Lu}(?:\p{Ll}|\s)/u.test(text) ? text.charAt(0).toLocaleLowerCase() + text.slice(1) : text;
};

/**
 * A meta description that is one whole sentence of 120–155 characters with the keyword: what the draft covers,
 * from its section headings (as many as fit, in order, none with a figure), ended with what it is when that is needed to reach the
 * length. Never cut: a keyword too long for any such sentence gets the shortest whole one.
 */
export function metaDescription(keyword: string, headings: string[], sourceCount: number, language = "en"): string {
  const words = ownWordsFor(language);
  // A heading with a figure or a full stop of its own ("1. A versioned hooks directory with core.hooksPath") would
  // read as a second sentence: it is left out, as in the framing sentences.
  // The keyphrase is in the sentence once already; one heading may name it again, no more ("what 6 sources say
  // about how to build an emergency fund … and where to keep your emergency fund" used it three times).
  const named = (h: string) => h.toLocaleLowerCase().includes(keyword.trim().toLocaleLowerCase());
  const topics = headings
    .filter((h) => !/\d/.test(h))
    .map((h) => inSentence(h, words.lowerHeadings))
    .filter((h) => h && !/[.!?…]/.test(h))
    .filter((h, i, all) => !named(h) || all.findIndex(named) === i);
  const and = phrasebook(language).and;
  const subject = (n: number) => {
    const list = topics.slice(0, n);
    const joined = list.length > 1 ? `${list.slice(0, -1).join(", ")} ${and} ${list.at(-1)}` : (list[0] ?? "");
    return words.says(words.headline(keyword.trim()), sourceCount, joined);
  };
  for (let n = topics.length; n >= 0; n--) {
    for (const tail of words.metaTails) {
      const sentence = `${subject(n)}${tail}.`;
      if (sentence.length > META_MAX) break;
      if (sentence.length >= META_MIN) return sentence;
    }
  }
  return `${subject(0)}.`;
}
