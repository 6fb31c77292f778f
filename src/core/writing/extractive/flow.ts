import { boundedMemo } from "../../memo";
import { cosine, termBag } from "../../text/cosine";
import { isNoiseWord } from "../../text/stopwords";
import { foldWord, topicTerms } from "../../text/tokens";
import type { Sentence } from "./sentences";

/** One source's passages in a section, in the source's reading order: what one framing sentence introduces. */
export interface PassageGroup {
  sourceId: number;
  sentences: Sentence[];
  /** How close this group is to the one before it (0–1), once ordered. */
  linkToPrevious: number;
}

/** Above this, a group speaks to the same point as the one before it and is introduced as such. */
export const RELATED = 0.15;

const bagOf = (sentences: Sentence[], ignore: Set<string>) =>
  termBag(sentences.flatMap((s) => s.tokens.filter((t) => !ignore.has(t))));

/**
 * A section's passages grouped by source and ordered so the section reads as one line of thought: first the
 * group closest to the heading, then each time the group closest to the one just placed and to the heading
 * (the keyword's own terms are left out: every passage names them). Within a group, the source's reading order.
 */
export function orderPassages(sentences: Sentence[], heading: string, keyword: string): PassageGroup[] {
  const own = new Set(topicTerms(keyword));
  const headingBag = termBag(topicTerms(heading).filter((t) => !own.has(t)));
  const bySource = new Map<number, Sentence[]>();
  for (const s of sentences) {
    const list = bySource.get(s.sourceId);
    if (list) list.push(s);
    else bySource.set(s.sourceId, [s]);
  }
  const pending = [...bySource].map(([sourceId, group], rank) => {
    const ordered = [...group].sort((a, b) => a.position - b.position);
    const bag = bagOf(ordered, own);
    return { sourceId, sentences: ordered, bag, rank, toHeading: cosine(bag, headingBag) };
  });
  const placed: PassageGroup[] = [];
  let last: Map<string, number> | undefined;
  while (pending.length) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    let bestLink = 0;
    pending.forEach((group, i) => {
      const link = last ? cosine(group.bag, last) : 0;
      const value = (last ? 0.6 * link + 0.4 * group.toHeading : group.toHeading) - group.rank * 1e-6;
      if (value > bestValue) {
        best = i;
        bestValue = value;
        bestLink = link;
      }
    });
    const [group] = pending.splice(best, 1);
    if (!group) break;
    placed.push({ sourceId: group.sourceId, sentences: group.sentences, linkToPrevious: bestLink });
    last = group.bag;
  }
  return placed;
}

/** Words too general to say what a section is about: counts, times, degrees and common verbs. */
const GENERAL = new Set(
  "one two three four five six seven eight nine ten eleven twelve twenty hundred thousand million first second third last next year years month months week weeks day days time times most more much many less least good best better well also every each other some keep make need take give want start find help work works goes gets makes takes run runs basic simple new small large big great important common main different same few whole full real puts comes says does uses needs wants cost costs able there where thing things step steps inch inches foot feet people often usually little long high right sure enough".split(
    " ",
  ),
);

/** A count, a time, a degree or a common verb: a word that says nothing of what a section is about. */
export const isGeneralWord = (word: string): boolean => GENERAL.has(word);

/** The general words as topical terms ("time" is "tim"): made on first use. */
let generalTerms: Set<string> | undefined;

/** A topical term (as `topicTerms` gives it) of a general word: "tim" of "time", "cost" of "costs". */
export function isGeneralTerm(term: string): boolean {
  generalTerms ??= new Set(topicTerms([...GENERAL].join(" ")));
  return GENERAL.has(term) || generalTerms.has(term);
}

/** A word that can qualify the topical word after it ("soil" in "soil test", "potting" in "potting mix"). */
const modifies = (word: string) =>
  word.length >= 3 && !/\d/.test(word) && !isNoiseWord(word) && !GENERAL.has(word) && !/ly$/.test(word);

/** A word as it may appear in a section's opening sentence: a topical word, not an inflected verb or an adverb. */
const namesATopic = (word: string) =>
  word.length >= 4 && !/\d/.test(word) && !isNoiseWord(word) && !GENERAL.has(word) && !/(?:ing|ed|ly)$/.test(word);

/** Words that come before a noun ("the test", "of compost", "your soil"), never before a bare verb. */
const BEFORE_NOUN = new Set(
  "the a an your my our their its his her this these those of in on for with from about into per any some no each every own less more".split(
    " ",
  ),
);
/** Words that come after a noun that is a sentence's subject ("compost is", "soil has"). */
const AFTER_NOUN = new Set("is are was were has have had can will should may must does".split(" "));

/** Words after which a word is a verb ("to install", "you replace") or an adjective ("stays loose"). */
const BEFORE_VERB_OR_ADJECTIVE = new Set(
  "to will would can could should may might must don't do does did not never you we they i please is are was were be been stay stays remain remains very too quite".split(
    " ",
  ),
);

/**
 * Pure functions of a word, answered once per distinct word: every section of every draft asks about the same
 * vocabulary (vocabulary, not text, so 20,000 words hold it).
 */
const perWord = <T>(f: (word: string) => T) => boundedMemo(20_000, f);

const foldOf = perWord(foldWord);
const modifiesOf = perWord(modifies);
const topicalOf = perWord(namesATopic);

/**
 * Folded words the passages use as nouns: at least once in the phrase an article, a possessive or a preposition
 * opens, or before the verb of their sentence; and never after a word that makes them a verb or an adjective.
 * "Replace" in "Replace soil only after…" or "install" in "to install" never names what a section turns on.
 */
function usedAsNoun(lists: string[][]): Set<string> {
  const nouns = new Set<string>();
  const not = new Set<string>();
  for (const list of lists)
    list.forEach((word, i) => {
      const before = list[i - 1];
      const after = list[i + 1];
      if (before && BEFORE_VERB_OR_ADJECTIVE.has(before)) not.add(foldOf(word));
      if (after && AFTER_NOUN.has(after)) nouns.add(foldOf(word));
      if (!BEFORE_NOUN.has(word)) return;
      // The head of the noun phrase an article opens: "test" in "a basic soil test", "mix" in "a loose, living
      // mix"; never a participle ("Lefthook" in "with Lefthook installed").
      let head: string | undefined;
      for (let j = i + 1; j < Math.min(list.length, i + 5); j++) {
        const next = list[j] as string;
        if (!modifiesOf(next)) break;
        if (!/(?:ing|ed)$/.test(next)) head = next;
      }
      if (head) nouns.add(foldOf(head));
    });
  for (const word of not) nouns.delete(word);
  return nouns;
}

/** A word as shown in an opening sentence: without a possessive ending ("season's" → "season"). */
const shownWord = (word: string) => word.replace(/['’]s$/, "");

/**
 * What a section's passages share, as they are written: two-word phrases at least two passages use ("soil test",
 * "potting mix"), then single words (beyond the keyword's and the heading's) at least two use; the section's own
 * subtopic terms (`hint`, folded) first among the words. Nothing but topical nouns and noun phrases: no figures,
 * counts, common verbs, adverbs, or words the passages never use as a noun; a phrase never starts with a sentence's
 * first word unless that word is used as a noun (an imperative "Replace soil" is no phrase).
 */
export function sharedTerms(
  sentences: Sentence[],
  heading: string,
  keyword: string,
  hint: string[] = [],
  max = 3,
): string[] {
  const own = new Set(topicTerms(keyword));
  const skip = new Set([...own, ...topicTerms(heading)]);
  const counted = new Map<string, { shown: string; count: number; first: number; phrase: boolean }>();
  const count = (key: string, shown: string, index: number, phrase: boolean, seen: Set<string>) => {
    if (seen.has(key)) return;
    seen.add(key);
    const entry = counted.get(key) ?? { shown, count: 0, first: index, phrase };
    entry.count++;
    counted.set(key, entry);
  };
  const lists = sentences.map((sentence) => sentence.normalized);
  const nouns = usedAsNoun(lists);
  lists.forEach((list, index) => {
    const seen = new Set<string>();
    list.forEach((lower, i) => {
      const folded = foldOf(lower);
      const topical = topicalOf(lower);
      if (topical && !skip.has(folded) && nouns.has(folded)) count(folded, shownWord(lower), index, false, seen);
      const before = list[i - 1];
      if (!before || !topical || !modifiesOf(before)) return;
      const first = foldOf(before);
      if (skip.has(first) && skip.has(folded)) return;
      if (i === 1 && !nouns.has(first)) return;
      count(`${first} ${folded}`, `${before} ${shownWord(lower)}`, index, true, seen);
    });
  });
  const hinted = new Set(hint);
  const shared = [...counted].filter(([, entry]) => entry.count >= 2);
  const phrases: typeof shared = [];
  const inPhrases = new Set<string>();
  for (const entry of shared
    .filter(([, e]) => e.phrase)
    .sort(
      ([keyA, a], [keyB, b]) =>
        b.count - a.count ||
        Number(skip.has(keyA.split(" ")[1] ?? "")) - Number(skip.has(keyB.split(" ")[1] ?? "")) ||
        a.first - b.first,
    )) {
    const parts = entry[0].split(" ");
    if (phrases.length >= 2 || parts.some((part) => inPhrases.has(part))) continue;
    phrases.push(entry);
    for (const part of parts) inPhrases.add(part);
  }
  const single = shared
    .filter(([key, entry]) => !entry.phrase && !inPhrases.has(key))
    .sort(
      ([termA, a], [termB, b]) =>
        Number(hinted.has(termB)) - Number(hinted.has(termA)) || b.count - a.count || a.first - b.first,
    );
  return [...phrases, ...single].slice(0, max).map(([, entry]) => entry.shown);
}
