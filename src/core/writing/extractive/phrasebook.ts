import { type WrittenLanguage, writtenLanguage } from "../../article/language";
import type { ArticleOptions } from "../../article/options";
import { capitalise } from "../../text/case";

/**
 * The extractive writer's own words in each language it writes, and in English in each tone: how a passage is
 * introduced, how a section opens, how the conclusion sums up, how the introduction says what the draft is.
 */
export type Tone = ArticleOptions["tone"];
export type PassageKind = "advice" | "explanation" | "statement";

export interface Phrasebook {
  intro: Record<PassageKind, Record<Tone, (name: string) => string>> | Record<PassageKind, (name: string) => string>;
  /** Ways to come back to a source already named, tried in turn so no framing sentence repeats. */
  again: ((name: string) => string)[];
  summary: Record<Tone, (topics: string) => string> | ((topics: string) => string);
  /** Ways to bring in a source that speaks to the same point as the passage before it. */
  related: ((name: string) => string)[];
  /**
   * A section's opening: how many of the article's sources its passages come from and what it covers (`who`,
   * from `sources`), then what they turn on (`terms`); `leadBare` when they share no term.
   */
  lead:
    | Record<Tone, (who: string, subject: string, terms: string) => string>
    | ((who: string, subject: string, terms: string) => string);
  leadBare: (who: string, subject: string) => string;
  /** "Three of the sources discuss": `count` of the article's `total` sources, in words, with the verb agreeing. */
  sources: (count: number, total: number) => string;
  /** The conclusion's line before a section's key point, quoted after it. */
  keyPoint: Record<Tone, (subject: string, name: string) => string> | ((subject: string, name: string) => string);
  /** The introduction's first sentence: what the brief is. */
  opening: Record<Tone, (keyword: string, count: number) => string> | ((keyword: string, count: number) => string);
  and: string;
}

/** Counts as words (a framing sentence has no figure), up to twelve; more read as "several". */
const EN_NUMBERS = "one two three four five six seven eight nine ten eleven twelve".split(" ");

/** `count` of `total` sources in words: all of them, one of them, some of them, or "several" beyond twelve. */
function counted(
  count: number,
  total: number,
  words: string[],
  forms: { all: (n: string) => string; allMany: string; one: string; some: (n: string) => string; several: string },
): string {
  if (count >= total && total > 1) return total <= words.length ? forms.all(words[total - 1] ?? "") : forms.allMany;
  if (count <= 1) return forms.one;
  return count <= words.length ? forms.some(capitalise(words[count - 1] ?? "")) : forms.several;
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
  related: [
    (n) => `On the same point, ${n} has this to say.`,
    (n) => `${n} takes the same point further.`,
    (n) => `${n} speaks to this too.`,
  ],
  lead: {
    professional: (w, s, t) => `${w} ${s}, coming back to ${t}.`,
    casual: (w, s, t) => `${w} ${s}, and it's mostly about ${t}.`,
    technical: (w, s, t) => `${w} ${s} in terms of ${t}.`,
    friendly: (w, s, t) => `${w} ${s}, with plenty to say about ${t}.`,
    authoritative: (w, s, t) => `${w} ${s}, centring on ${t}.`,
  },
  leadBare: (w, s) => `${w} ${s}.`,
  sources: (count, total) =>
    counted(count, total, EN_NUMBERS, {
      all: (n) => `All ${n} sources discuss`,
      allMany: "All the sources discuss",
      one: "One of the sources discusses",
      some: (n) => `${n} of the sources discuss`,
      several: "Several of the sources discuss",
    }),
  keyPoint: {
    professional: (s, n) => `On ${s}, the key point comes from ${n}.`,
    casual: (s, n) => `On ${s}, here's the big takeaway from ${n}.`,
    technical: (s, n) => `On ${s}, the key statement is from ${n}.`,
    friendly: (s, n) => `On ${s}, remember this from ${n}.`,
    authoritative: (s, n) => `On ${s}, ${n} makes the central point.`,
  },
  opening: {
    professional: (k, n) => `This research draft on ${k} brings together key passages from ${n} sources.`,
    casual: (k, n) =>
      `Curious about ${k}? This research draft pulls together what ${n} sources say, in their own words.`,
    technical: (k, n) => `This research draft collects technical passages on ${k} from ${n} sources, quoted verbatim.`,
    friendly: (k, n) => `Let's look at ${k} together: this research draft gathers what ${n} sources say about it.`,
    authoritative: (k, n) =>
      `This research draft sets out what the evidence says about ${k}, quoted from ${n} sources.`,
  },
  and: "and",
};

const OTHERS: Record<Exclude<WrittenLanguage, "en">, Phrasebook> = {
  fr: {
    intro: {
      advice: (n) => `${n} recommande ce qui suit.`,
      explanation: (n) => `${n} l'explique ainsi.`,
      statement: (n) => `${n} indique ce qui suit.`,
    },
    again: [(n) => `${n} ajoute ce qui suit.`, (n) => `${n} précise aussi ceci.`, (n) => `${n} y revient.`],
    summary: (t) => `En résumé, les sources citées ci-dessus traitent de ${t}.`,
    related: [(n) => `Sur le même point, ${n} ajoute ceci.`, (n) => `${n} va dans le même sens.`],
    lead: (w, s, t) => `${w} ${s}, surtout sous l'angle de ${t}.`,
    leadBare: (w, s) => `${w} ${s}.`,
    sources: (count, total) =>
      counted(count, total, "une deux trois quatre cinq six sept huit neuf dix onze douze".split(" "), {
        all: (n) => `Les ${n} sources traitent de`,
        allMany: "Toutes les sources traitent de",
        one: "Une des sources traite de",
        some: (n) => `${n} des sources traitent de`,
        several: "Plusieurs des sources traitent de",
      }),
    keyPoint: (s, n) => `Sur ${s}, l'essentiel vient de ${n}.`,
    opening: (k, n) => `Ce brouillon de recherche sur ${k} réunit des passages clés de ${n} sources.`,
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
    related: [(n) => `Sobre el mismo punto, ${n} añade esto.`, (n) => `${n} va en la misma línea.`],
    lead: (w, s, t) => `${w} ${s}, sobre todo ${t}.`,
    leadBare: (w, s) => `${w} ${s}.`,
    sources: (count, total) =>
      counted(count, total, "una dos tres cuatro cinco seis siete ocho nueve diez once doce".split(" "), {
        all: (n) => `Las ${n} fuentes hablan de`,
        allMany: "Todas las fuentes hablan de",
        one: "Una de las fuentes habla de",
        some: (n) => `${n} de las fuentes hablan de`,
        several: "Varias de las fuentes hablan de",
      }),
    keyPoint: (s, n) => `Sobre ${s}, lo esencial viene de ${n}.`,
    opening: (k, n) => `Este borrador de investigación sobre ${k} reúne pasajes clave de ${n} fuentes.`,
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
    related: [(n) => `Zum selben Punkt ergänzt ${n} Folgendes.`, (n) => `${n} geht in dieselbe Richtung.`],
    lead: (w, s, t) => `${w} das Thema ${s}, vor allem ${t}.`,
    leadBare: (w, s) => `${w} das Thema ${s}.`,
    sources: (count, total) =>
      counted(count, total, "eine zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split(" "), {
        all: (n) => `Alle ${n} Quellen behandeln`,
        allMany: "Alle Quellen behandeln",
        one: "Eine der Quellen behandelt",
        some: (n) => `${n} der Quellen behandeln`,
        several: "Mehrere der Quellen behandeln",
      }),
    keyPoint: (s, n) => `Zum Thema ${s} kommt das Wichtigste von ${n}.`,
    opening: (k, n) => `Dieser Rechercheentwurf zu ${k} stellt zentrale Passagen aus ${n} Quellen zusammen.`,
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
    related: [(n) => `Sobre o mesmo ponto, ${n} acrescenta isto.`, (n) => `${n} vai na mesma linha.`],
    lead: (w, s, t) => `${w} ${s}, sobretudo ${t}.`,
    leadBare: (w, s) => `${w} ${s}.`,
    sources: (count, total) =>
      counted(count, total, "uma duas três quatro cinco seis sete oito nove dez onze doze".split(" "), {
        all: (n) => `As ${n} fontes tratam de`,
        allMany: "Todas as fontes tratam de",
        one: "Uma das fontes trata de",
        some: (n) => `${n} das fontes tratam de`,
        several: "Várias das fontes tratam de",
      }),
    keyPoint: (s, n) => `Sobre ${s}, o essencial vem de ${n}.`,
    opening: (k, n) => `Este rascunho de pesquisa sobre ${k} reúne passagens-chave de ${n} fontes.`,
    and: "e",
  },
};

/** English, or the phrasebook of the language's primary subtag (`pt-BR` → `pt`) when there is one. */
export function phrasebook(language: string): Phrasebook {
  const written = writtenLanguage(language);
  return written === "en" ? EN : OTHERS[written];
}

/** A phrase of the book in the article's tone, when the language has one per tone. */
export function inTone<T>(phrase: Record<Tone, T> | T, tone: Tone): T {
  return typeof phrase === "function" ? (phrase as T) : (phrase as Record<Tone, T>)[tone];
}
