import type { ArticleOptions } from "../../article/options";

/**
 * The few words the extractive writer adds itself besides its framing sentences: the title, the audience note,
 * the call to action, the meta description and the disclaimer. Everything else in its drafts is quoted from sources.
 */
export const EXTRACTIVE_DISCLAIMER =
  "Research draft assembled from quoted sources, not original prose: every passage in quotation marks is " +
  "taken verbatim from the numbered source it cites. Review, rewrite and verify before publishing.";

export function titleCase(text: string): string {
  return text.replace(/(^|\s)(\p{Ll})/gu, (_all, space: string, letter: string) => space + letter.toLocaleUpperCase());
}

const TITLE: Record<ArticleOptions["contentType"], (k: string) => string> = {
  tutorial: (k) => `${k}: A Step-by-Step Research Draft`,
  guide: (k) => `${k}: A Research Guide`,
  review: (k) => `${k} Review: What the Sources Say`,
  comparison: (k) => `${k} Compared: What the Sources Say`,
  news: (k) => `${k}: The Latest Reporting`,
  opinion: (k) => `${k}: Perspectives from the Sources`,
};

export function extractiveTitle(keyword: string, contentType: ArticleOptions["contentType"]): string {
  return TITLE[contentType](titleCase(keyword)).slice(0, 200);
}

const AUDIENCE_NOTE: Record<ArticleOptions["audience"], string> = {
  beginners: "Shorter, plainer passages were preferred for readers new to the topic.",
  intermediate: "Passages were chosen for practical detail.",
  advanced: "Denser, more detailed passages were preferred for experienced readers.",
  general: "",
};

export function audienceNote(audience: ArticleOptions["audience"]): string {
  return AUDIENCE_NOTE[audience];
}

const CALL_TO_ACTION: Record<ArticleOptions["tone"], (k: string) => string> = {
  professional: (k) => `Read the cited sources in full before you act on ${k}.`,
  casual: (k) => `Dig into the sources linked below and see what ${k} can do for you.`,
  technical: (k) => `Check the cited sources' full specifications before you apply ${k}.`,
  friendly: (k) => `Have a look at the sources below and give ${k} a try!`,
  authoritative: (k) => `Consult the cited sources in full and decide on ${k} with the evidence in hand.`,
};

export function callToAction(keyword: string, tone: ArticleOptions["tone"]): string {
  return CALL_TO_ACTION[tone](keyword);
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

/** Endings that say what the draft is, shortest first: the one that brings the sentence into range is used. */
const META_TAILS = [
  "",
  ", quoted and cited",
  ", each passage quoted and cited",
  ", with every passage quoted and cited",
  ", with every passage quoted and cited for you to review",
  " in their own words, with every passage quoted and cited for you to review",
  " in their own words, with every passage quoted and cited for you to review and verify before publishing",
];

/** A heading inside a sentence: no end punctuation, its capital lowered unless it starts an acronym ("CI"). */
const inSentence = (heading: string) => {
  const text = heading.replace(/[.:;!?]+$/, "").trim();
  return /^\p{Lu}(?:\p{Ll}|\s)/u.test(text) ? text.charAt(0).toLocaleLowerCase() + text.slice(1) : text;
};

/**
 * A meta description that is one whole sentence of 120–155 characters with the keyword: what the draft covers,
 * from its section headings (as many as fit, in order, none with a figure), ended with what it is when that is needed to reach the
 * length. Never cut: a keyword too long for any such sentence gets the shortest whole one.
 */
export function metaDescription(keyword: string, headings: string[], sourceCount: number): string {
  // A heading with a figure or a full stop of its own ("1. A versioned hooks directory with core.hooksPath") would
  // read as a second sentence: it is left out, as in the framing sentences.
  // The keyphrase is in the sentence once already; one heading may name it again, no more ("what 6 sources say
  // about how to build an emergency fund … and where to keep your emergency fund" used it three times).
  const named = (h: string) => h.toLocaleLowerCase().includes(keyword.trim().toLocaleLowerCase());
  const topics = headings
    .filter((h) => !/\d/.test(h))
    .map(inSentence)
    .filter((h) => h && !/[.!?…]/.test(h))
    .filter((h, i, all) => !named(h) || all.findIndex(named) === i);
  const subject = `${titleCase(keyword.trim())}: what ${sourceCount} sources say`;
  const about = (n: number) => {
    const list = topics.slice(0, n);
    if (!list.length) return "";
    return ` about ${list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : list[0]}`;
  };
  for (let n = topics.length; n >= 0; n--) {
    for (const tail of META_TAILS) {
      const sentence = `${subject}${about(n)}${tail}.`;
      if (sentence.length > META_MAX) break;
      if (sentence.length >= META_MIN) return sentence;
    }
  }
  return `${subject}.`;
}
