import type { ArticleOptions } from "../../article/options";
import type { Source } from "../../research/types";

/**
 * The short sentences that say where each quoted passage comes from and sum up the sections. They are the
 * writer's own words, so they carry no citation marker and no figure, and they claim nothing about the topic:
 * only who says it and what kind of passage follows (advice, an explanation, a statement).
 */
type Tone = ArticleOptions["tone"];
export type PassageKind = "advice" | "explanation" | "statement";

interface Phrasebook {
  intro: Record<PassageKind, Record<Tone, (name: string) => string>> | Record<PassageKind, (name: string) => string>;
  /** Ways to come back to a source already named, tried in turn so no framing sentence repeats. */
  again: ((name: string) => string)[];
  summary: Record<Tone, (topics: string) => string> | ((topics: string) => string);
  and: string;
}

const EN: Phrasebook = {
  intro: {
    advice: {
      professional: (n) => `${n} recommends the following.`,
      casual: (n) => `${n} suggests this.`,
      technical: (n) => `${n} advises as follows.`,
      friendly: (n) => `Here is a tip from ${n}.`,
      authoritative: (n) => `${n} advises the following.`,
    },
    explanation: {
      professional: (n) => `${n} explains it this way.`,
      casual: (n) => `Here's how ${n} explains it.`,
      technical: (n) => `${n} defines it as follows.`,
      friendly: (n) => `${n} explains it like this.`,
      authoritative: (n) => `${n} explains it as follows.`,
    },
    statement: {
      professional: (n) => `${n} notes the following.`,
      casual: (n) => `${n} puts it like this.`,
      technical: (n) => `${n} states the following.`,
      friendly: (n) => `Here's what ${n} says.`,
      authoritative: (n) => `${n} states the following.`,
    },
  },
  again: [
    (n) => `${n} adds the following.`,
    (n) => `${n} also makes this point.`,
    (n) => `${n} goes on to say this.`,
    (n) => `${n} returns to the subject.`,
  ],
  summary: {
    professional: (t) => `To sum up, the sources quoted above cover ${t}.`,
    casual: (t) => `So that's the rundown from the sources: ${t}.`,
    technical: (t) => `In summary, the passages above address ${t}.`,
    friendly: (t) => `We've looked at ${t}, all in the sources' own words.`,
    authoritative: (t) => `In summary, the sources above set out ${t}.`,
  },
  and: "and",
};

const OTHERS: Record<string, Phrasebook> = {
  fr: {
    intro: {
      advice: (n) => `${n} recommande ce qui suit.`,
      explanation: (n) => `${n} l'explique ainsi.`,
      statement: (n) => `${n} indique ce qui suit.`,
    },
    again: [(n) => `${n} ajoute ce qui suit.`, (n) => `${n} précise aussi ceci.`, (n) => `${n} y revient.`],
    summary: (t) => `En résumé, les sources citées ci-dessus traitent de ${t}.`,
    and: "et",
  },
  es: {
    intro: {
      advice: (n) => `${n} recomienda lo siguiente.`,
      explanation: (n) => `${n} lo explica así.`,
      statement: (n) => `${n} señala lo siguiente.`,
    },
    again: [(n) => `${n} añade lo siguiente.`, (n) => `${n} también señala esto.`, (n) => `${n} vuelve sobre el tema.`],
    summary: (t) => `En resumen, las fuentes citadas tratan ${t}.`,
    and: "y",
  },
  de: {
    intro: {
      advice: (n) => `${n} empfiehlt Folgendes.`,
      explanation: (n) => `${n} erklärt es so.`,
      statement: (n) => `${n} hält Folgendes fest.`,
    },
    again: [(n) => `${n} ergänzt Folgendes.`, (n) => `${n} hält außerdem fest.`, (n) => `${n} kommt darauf zurück.`],
    summary: (t) => `Zusammengefasst behandeln die zitierten Quellen ${t}.`,
    and: "und",
  },
  pt: {
    intro: {
      advice: (n) => `${n} recomenda o seguinte.`,
      explanation: (n) => `${n} explica assim.`,
      statement: (n) => `${n} observa o seguinte.`,
    },
    again: [(n) => `${n} acrescenta o seguinte.`, (n) => `${n} também observa isto.`, (n) => `${n} volta ao assunto.`],
    summary: (t) => `Em resumo, as fontes citadas tratam de ${t}.`,
    and: "e",
  },
};

/** English, or the phrasebook of the language's primary subtag (`pt-BR` → `pt`) when there is one. */
function phrasebook(language: string): Phrasebook {
  return OTHERS[language.split("-")[0]?.toLowerCase() ?? ""] ?? EN;
}

const ADVICE =
  /\b(should|shouldn't|recommend|recommends|recommended|avoid|make sure|be sure|best to|try to|need to|must|don't|do not|never|always)\b/i;
const EXPLANATION = /^(?:\S+\s+){0,6}?(is|are|means|refers to|describes)\s+(a|an|the|when|how|what)\b/i;

/** What kind of passage a quote is, from its own words: the framing verb must not claim more than that. */
export function passageKind(text: string): PassageKind {
  if (ADVICE.test(text)) return "advice";
  if (EXPLANATION.test(text)) return "explanation";
  return "statement";
}

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]{}<>#|~])/g, "\\$1");

/**
 * How a source is named in a framing sentence: its title without the site suffix ("… | Site"), or its site
 * when the title is long, has a figure or ends a sentence of its own; a name with a figure is never used.
 */
export function sourceName(source: Pick<Source, "title" | "url">): string {
  const title = (source.title.split(/\s+[|–—-]\s+/)[0] ?? "").replace(/\s+/g, " ").trim();
  if (title && title.length <= 60 && !/\d/.test(title) && !/[.!?…]$/.test(title)) return escapeMarkdown(title);
  let site = "";
  try {
    site = new URL(source.url).hostname.replace(/^www\./, "");
  } catch {
    site = "";
  }
  return site && !/\d/.test(site) ? escapeMarkdown(site) : "One source";
}

/**
 * The sentence that introduces a passage: who says it, in the article's language and tone. A source named before
 * is come back to in other words; a sentence the article already has is never written twice (then none is).
 */
export function attribution(
  name: string,
  kind: PassageKind,
  options: Pick<ArticleOptions, "language" | "tone">,
  seenBefore: boolean,
  written: Set<string>,
): string {
  const book = phrasebook(options.language);
  const byKind = book.intro[kind];
  const first = typeof byKind === "function" ? byKind(name) : byKind[options.tone](name);
  const again = book.again.map((phrase) => phrase(name));
  const sentence = (seenBefore ? [...again, first] : [first, ...again]).find((s) => !written.has(s)) ?? "";
  if (sentence) written.add(sentence);
  return sentence;
}

/** The conclusion's summary: the section topics, joined as the language joins a list; none with a figure. */
export function summarySentence(headings: string[], options: Pick<ArticleOptions, "language" | "tone">): string {
  const book = phrasebook(options.language);
  const topics = headings
    .filter((h) => !/\d/.test(h))
    .map((h) => h.replace(/[.:;!?]+$/, "").trim())
    .filter(Boolean)
    .map((h) => (/^\p{Lu}\p{Ll}/u.test(h) ? h.charAt(0).toLocaleLowerCase() + h.slice(1) : h));
  if (!topics.length) return "";
  const list = topics.length > 1 ? `${topics.slice(0, -1).join(", ")} ${book.and} ${topics.at(-1)}` : topics[0];
  const summary = book.summary;
  return escapeMarkdown(typeof summary === "function" ? summary(list ?? "") : summary[options.tone](list ?? ""));
}
