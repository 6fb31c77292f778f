import type { ArticleOptions } from "../../article/options";

/**
 * The few words the extractive writer adds itself: the title, the framing sentence, the call to action and
 * the disclaimer. Everything else in its drafts is quoted from sources.
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

const OPENING: Record<ArticleOptions["tone"], (k: string, n: number) => string> = {
  professional: (k, n) => `This research draft on ${k} brings together key passages from ${n} sources.`,
  casual: (k, n) => `Curious about ${k}? Here's what ${n} sources have to say, in their own words.`,
  technical: (k, n) => `This draft collects technical passages on ${k} from ${n} sources, quoted verbatim.`,
  friendly: (k, n) => `Let's look at ${k} together: here is what ${n} sources say about it.`,
  authoritative: (k, n) => `What the evidence says about ${k}, quoted from ${n} sources.`,
};

export function openingSentence(keyword: string, tone: ArticleOptions["tone"], sourceCount: number): string {
  return OPENING[tone](keyword, sourceCount);
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

/**
 * A meta description that is one whole sentence of 120–155 characters with the keyword: what the draft covers,
 * from its section headings, as many as fit; padded with what it is when the headings are short.
 */
export function metaDescription(keyword: string, headings: string[], sourceCount: number): string {
  const topics = headings.map((h) => h.replace(/[.:;!?]+$/, "").toLocaleLowerCase());
  const subject = `${titleCase(keyword)}: what ${sourceCount} sources say`;
  let best = `${subject}.`;
  for (let n = 1; n <= topics.length; n++) {
    const list = topics.slice(0, n);
    const joined = list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}` : list[0];
    const candidate = `${subject} about ${joined}.`;
    if (candidate.length > META_MAX) break;
    best = candidate;
  }
  for (const tail of [
    ", quoted and cited",
    ", each passage quoted and cited",
    ", with every passage quoted and cited",
  ]) {
    if (best.length >= META_MIN) break;
    const longer = `${best.slice(0, -1)}${tail}.`;
    if (longer.length <= META_MAX) best = longer;
  }
  return best;
}
