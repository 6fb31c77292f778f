import type { ArticleOptions } from "../../article/options";
import type { Source } from "../../research/types";
import { addressesAModel } from "../../text/model-voice";
import { contentWords, foldWord, topicTerms } from "../../text/tokens";
import { OWN_WORDS } from "./own-words";
import { inTone, type PassageKind, phrasebook } from "./phrasebook";

export type { PassageKind } from "./phrasebook";

/**
 * The short sentences that say where each quoted passage comes from and sum up the sections. They are the
 * writer's own words, so they carry no citation marker and no figure, and they claim nothing about the topic:
 * only who says it and what kind of passage follows (advice, an explanation, a statement).
 */
const ADVICE =
  /\b(should|shouldn't|recommend|recommends|recommended|avoid|make sure|be sure|best to|try to|need to|must|don't|do not|never|always)\b/i;
const EXPLANATION = /^(?:\S+\s+){0,6}?(is|are|means|refers to|describes)\s+(a|an|the|when|how|what)\b/i;

/** What kind of passage a quote is, from its own words: the framing verb must not claim more than that. */
export function passageKind(text: string): PassageKind {
  if (ADVICE.test(text)) return "advice";
  if (EXPLANATION.test(text)) return "explanation";
  return "statement";
}

/** A title's words that say something (stopwords dropped), folded as keyword terms are. */
const ownWords = (text: string) => contentWords(text).map(foldWord);

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]{}<>#|~])/g, "\\$1");

/** A name fit for a framing sentence: short, no figure, no sentence end of its own. */
const usable = (text: string | undefined, max: number): text is string =>
  !!text && text.length >= 2 && text.length <= max && !/\d/.test(text) && !/[.!?…:;]$/.test(text);

/** A title or heading that speaks to a model names nothing: no part of it is used (see model-voice.ts). */
const nameable = (text: string): string => (addressesAModel(text) ? "" : text);

/** A host names a site only when it is a registered-looking name: never an IP address, localhost or a bare label. */
function siteFromHost(url: string): string | undefined {
  let host = "";
  try {
    host = new URL(url).hostname.replace(/^www\./, "").toLowerCase();
  } catch {
    return undefined;
  }
  if (!host.includes(".") || host.startsWith("[") || /^[\d.]+$/.test(host) || /(^|\.)localhost$/.test(host)) {
    return undefined;
  }
  return host;
}

/** A title part cut before its first figure, with the words left dangling ("Hook Time from 41 Seconds" → "Hook Time"). */
function withoutFigures(part: string): string {
  const at = part.search(/(?<!\S)\S*\d/);
  if (at < 0) return part;
  return part
    .slice(0, at)
    .trim()
    .replace(/(?:\s+(?:from|in|to|on|for|of|a|an|the|and|with|by|at|over|under))+$/i, "")
    .trim();
}

/**
 * The work's own title, shortened: the site suffix ("… | Site") and a parenthesis go, a leading list number
 * ("9 Mistakes …") goes, the rest of a part from its first figure goes, and of "Main: Subtitle" (or "Question?
 * Answer") the part that is not only the keyword and not a question is kept.
 */
function workTitle(title: string, keyword: string): string | undefined {
  const head = (title.split(/(?<!\s)\s+[-|–—·]\s+/)[0] ?? "")
    .replace(/\s*\([^)]*\)\s*/g, " ")
    .replace(/^\d+\s+(?=\p{L})/u, "")
    .replace(/\s+/g, " ")
    .trim();
  const own = new Set(topicTerms(keyword));
  const parts = head
    .split(/(?<=[:?])\s+/)
    .map((part) => withoutFigures(part.replace(/:$/, "").trim()))
    .filter(Boolean);
  const fitting = parts.filter(
    (part) => !part.endsWith("?") && ownWords(part).some((term) => !own.has(term)) && usable(part, 70),
  );
  return fitting[0];
}

/** The publication: as the page names itself, else the suffix of its title ("… | GreenPlot"), else a real host name. */
function siteName(source: Pick<Source, "title" | "url" | "siteName">): string | undefined {
  const siteName = nameable(source.siteName?.trim() ?? "");
  if (usable(siteName, 40)) return siteName;
  const parts = nameable(source.title).split(/(?<!\s)\s+[|–—·]\s+/);
  const suffix = parts.length > 1 ? parts.at(-1)?.trim() : undefined;
  if (usable(suffix, 40)) return suffix;
  return siteFromHost(source.url);
}

/**
 * The short form of a work title for a source named before: a title of up to five words as it is, else its first
 * run of two or three words that are neither the keyword's nor function words ("The Best Soil Mix for a Raised Bed
 * Garden" → "Best Soil Mix"), else its first two or three words before a function word.
 */
function shortTitle(work: string, keyword: string): string {
  if (work.split(/\s+/).length <= 5) return work;
  const own = new Set(topicTerms(keyword));
  const run: string[] = [];
  for (const word of work.split(/\s+/)) {
    const terms = ownWords(word);
    const content = terms.length > 0 && terms.every((t) => !own.has(t));
    if (content) run.push(word.replace(/(?<![,;:])[,;:]+$/, ""));
    else if (run.length) break;
    if (run.length === 3) break;
  }
  if (run.length >= 2) return run.join(" ");
  // No such run ("Pre-Commit Hook Mistakes That Make Developers Hate Git Hooks"): the title's opening words, up to
  // three and up to its first function word, keyword's or not ("Pre-Commit Hook Mistakes"), if one is not.
  const opening: string[] = [];
  for (const word of work.split(/\s+/).slice(0, 3)) {
    if (!ownWords(word).length) break;
    opening.push(word.replace(/(?<![,;:])[,;:]+$/, ""));
  }
  // It must name more than the keyword: "Raised Bed" of "Raised Bed vs In-Ground Vegetable Garden" names every source.
  const beyond = opening.some((word) => ownWords(word).some((t) => !own.has(t)));
  return opening.length >= 2 && beyond ? opening.join(" ") : work;
}

export interface SourceNames {
  /** At its first mention: work title and publication. */
  full: string;
  /** Once named: the short work title, or the publication. */
  short: string;
}

/** A source's name at its first mention and after it (see `sourceName`). */
export function sourceNames(
  source: Pick<Source, "title" | "url" | "siteName" | "headings">,
  keyword: string,
  unnamed = UNNAMED_SOURCE,
): SourceNames {
  const full = sourceName(source, keyword, unnamed);
  const h1 = nameable(source.headings.find((h) => h.level === 1)?.text ?? "");
  const work = workTitle(nameable(source.title), keyword) ?? workTitle(h1, keyword);
  const short = work ? shortTitle(work, keyword) : undefined;
  return { full, short: short ? `_${escapeMarkdown(short)}_` : (siteName(source) ?? full) };
}

/** The name of a source that names itself nowhere, in English; the writer passes its language's (`unnamedSource`). */
const UNNAMED_SOURCE = OWN_WORDS.en.unnamedSource;

/**
 * How a source is named in a framing sentence: its work title in italics with the publication after it
 * ("_A Line-by-Line Breakdown_ (GreenPlot)"), or either alone; the page's first heading when the title will not
 * do; "One source" only when the page names itself nowhere. A name with a figure is never used, and a host is
 * used only when it is a real name, never an IP address or localhost.
 */
export function sourceName(
  source: Pick<Source, "title" | "url" | "siteName" | "headings">,
  keyword = "",
  unnamed = UNNAMED_SOURCE,
): string {
  const h1 = nameable(source.headings.find((h) => h.level === 1)?.text ?? "");
  const work = workTitle(nameable(source.title), keyword) ?? workTitle(h1, keyword);
  const site = siteName(source);
  if (work && site && work.toLocaleLowerCase() !== site.toLocaleLowerCase())
    return `_${escapeMarkdown(work)}_ (${escapeMarkdown(site)})`;
  if (work) return `_${escapeMarkdown(work)}_`;
  if (site) return escapeMarkdown(site);
  return unnamed;
}

/**
 * The sentence that introduces a passage: who says it, in the article's language and tone. A source named before
 * is come back to in other words; a sentence the article already has is never written twice (then none is),
 * nor is it with the source's other name (`otherName`: the short one for the full one, and back).
 */
export function attribution(
  name: string,
  kind: PassageKind,
  options: Pick<ArticleOptions, "language" | "tone">,
  seenBefore: boolean,
  written: Set<string>,
  related = false,
  otherName = name,
): string {
  const book = phrasebook(options.language);
  const byKind = book.intro[kind];
  const first = (n: string) => (typeof byKind === "function" ? byKind(n) : byKind[options.tone](n));
  // Linking phrases take turns, so consecutive links do not read alike.
  const turn = written.size % book.related.length;
  const linked = related ? [...book.related.slice(turn), ...book.related.slice(0, turn)] : [];
  const phrases = seenBefore ? [...linked, ...book.again, first] : [...linked, first, ...book.again];
  const phrase = phrases.find((p) => !written.has(p(name)) && !written.has(p(otherName)));
  if (!phrase) return "";
  written.add(phrase(name));
  return phrase(name);
}

/** Verbs an English heading opens with as an instruction, and their "-ing" form. */
const IMPERATIVE: Record<string, string> = {
  add: "adding",
  automate: "automating",
  build: "building",
  calculate: "calculating",
  check: "checking",
  choose: "choosing",
  find: "finding",
  fill: "filling",
  keep: "keeping",
  make: "making",
  move: "moving",
  open: "opening",
  pick: "picking",
  plan: "planning",
  save: "saving",
  set: "setting",
  start: "starting",
  test: "testing",
  use: "using",
  water: "watering",
  work: "working",
  write: "writing",
};

/** What follows a verb given as an instruction: a determiner, a pronoun or a particle ("out" in "Work out"). */
const OBJECT_START =
  /^(?:your|the|a|an|it|them|one|out|up|off|down|in|on|what|how|where|when|which|every|each|all|some|more|less|enough|only)$/;

/**
 * A heading as it reads inside a sentence: no end punctuation, a capital lowered unless it starts an acronym, and
 * in English an instruction made a subject ("Work out your expenses" is "working out your expenses", so a section
 * opens "Three of the sources discuss working out your expenses").
 */
function inSentence(heading: string, language = "en"): string {
  const text = heading.replace(/(?<![.:;!?])[.:;!?]+$/, "").trim();
  const lowered = /^\p{Lu}(?:\p{Ll}|\s)/u.test(text) ? text.charAt(0).toLocaleLowerCase() + text.slice(1) : text;
  const [first = "", next = "", ...rest] = lowered.split(" ");
  // "Water the bed" is an instruction, "Water and climate" is not: the verb must be followed by its object's first
  // word or its particle.
  const instruction = language.toLowerCase().startsWith("en") && OBJECT_START.test(next);
  const gerund = instruction ? IMPERATIVE[first] : undefined;
  if (gerund) return [gerund, next, ...rest].join(" ");
  return lowered;
}

/**
 * The sentence that opens a section: how many of the article's sources its passages come from (`sources`: the
 * section's and the article's count), what it covers, and what its passages keep coming back to (`terms`, the
 * words most of them share), in the article's language and tone ("Three of the sources discuss soil, coming back
 * to heavy clay and compost."). It names only words the passages use, so it claims nothing they do not say; no
 * figure (counts are words), no citation marker.
 */
export function sectionLead(
  heading: string,
  terms: string[],
  options: Pick<ArticleOptions, "language" | "tone">,
  sources: { count: number; total: number },
): string {
  const book = phrasebook(options.language);
  const subject = /\d/.test(heading) ? "" : inSentence(heading, options.language);
  const usableTerms = terms.filter((t) => !/\d/.test(t));
  if (!subject) return "";
  const who = book.sources(sources.count, sources.total);
  if (usableTerms.length < 2) return escapeMarkdown(book.leadBare(who, subject));
  const list = `${usableTerms.slice(0, -1).join(", ")} ${book.and} ${usableTerms.at(-1)}`;
  return escapeMarkdown(inTone(book.lead, options.tone)(who, subject, list));
}

/** The conclusion's line that brings in a section's key point, quoted after it: the section and who makes it. */
export function keyPointLine(heading: string, name: string, options: Pick<ArticleOptions, "language" | "tone">) {
  const subject = /\d/.test(heading) ? "" : inSentence(heading, options.language);
  if (!subject) return "";
  return inTone(phrasebook(options.language).keyPoint, options.tone)(escapeMarkdown(subject), name);
}

/** The introduction's first sentence: that this is a research draft on the keyword, from how many sources. */
export function openingSentence(keyword: string, options: Pick<ArticleOptions, "language" | "tone">, count: number) {
  return escapeMarkdown(inTone(phrasebook(options.language).opening, options.tone)(keyword, count));
}

/** The conclusion's summary: the section topics, joined as the language joins a list; none with a figure. */
export function summarySentence(headings: string[], options: Pick<ArticleOptions, "language" | "tone">): string {
  const book = phrasebook(options.language);
  const topics = headings
    .filter((h) => !/\d/.test(h))
    .map((h) => inSentence(h, options.language))
    .filter(Boolean);
  if (!topics.length) return "";
  const list = topics.length > 1 ? `${topics.slice(0, -1).join(", ")} ${book.and} ${topics.at(-1)}` : topics[0];
  return escapeMarkdown(inTone(book.summary, options.tone)(list ?? ""));
}
