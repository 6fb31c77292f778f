import { weightedLength } from "../../src/core/research/extract/classify";
import { CONTEXT, type PageBlock, VOCABULARY_SHIFT } from "./page-blocks";
import { VOCABULARY } from "./vocabulary";

/** A block this long with little link text reads as body text on its own (as in `classify.ts`). */
const BODY_CHARS = 80;
const BODY_LINK_DENSITY = 0.3;
/** Neighbours read on each side of a block, and the wider window whose share of body text is a feature. */
const NEAR = 2;
const WINDOW = 4;
/** The distance in characters read when there is no such block on that side. */
const NO_BODY = 10000;

const WORD = /[\p{L}\p{N}_]+/gu;
const SENTENCE_END = /[.!?…:;。！？]["'”’»)\]]*$/;
const CAPITALISED = /^\p{Lu}/u;
const DIGIT = /\p{N}/gu;
/** Lines that templates write about a page rather than in it: dates, counts, labels, controls. */
const TEMPLATE_LINE =
  /^(?:share|print|e-?mail|tweet|comments?|reply|read more|more|advertisement|sponsored|tags?:?|categor(?:y|ies):?|posted|published|updated|by\b|copyright|©|all rights reserved|related|previous|next|back to top|subscribe|sign up|log ?in|follow us)/i;
const DATE_LIKE =
  /\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2}:\d{2})\b/i;

/** Common function words of the languages most pages are in; their share tells running prose from labels. */
const STOPWORDS = new Set(
  (
    "the a an and or but of to in on at for with by from as is are was were be been being it its this that these those " +
    "he she they we you i his her their our your my not no so if then than there here which who whom what when where " +
    "how all any some can could would should will may might must do does did has have had into over after before " +
    "about also more most such only other out up one two very just like because while through between under again " +
    "der die das und ist nicht mit den von zu ein eine im auf für sich dem des auch es le la les et est un une du des " +
    "en que qui dans pour pas au sur el los las y es por con para una"
  ).split(" "),
);

/** Each block's own reading, before its neighbours are looked at. */
interface Own {
  chars: number;
  words: number;
  linkDensity: number;
  body: number;
  inRegion: number;
  heading: number;
}

/** Names of the features, in the order of each row `blockFeatures` returns. */
export const FEATURE_NAMES: readonly string[] = [
  ...ownNames(""),
  ...Array.from({ length: NEAR }, (_, i) => [
    ...neighbourNames(`prev${i + 1}.`),
    ...neighbourNames(`next${i + 1}.`),
  ]).flat(),
  "window.body",
  "window.inRegion",
  "log.charsToBodyBefore",
  "log.charsToBodyAfter",
  "group.bodyShare",
  "group.log.size",
  "region.bodyShare",
];

function ownNames(prefix: string): string[] {
  return [
    "inRegion",
    "before",
    "after",
    "log.regionDistance",
    "log.chars",
    "log.words",
    "linkDensity",
    "body",
    "sentenceEnd",
    "stopwords",
    "capitalised",
    "digits",
    "commas",
    "templateLine",
    "dateLike",
    "heading",
    "item",
    "headingLevel",
    "position",
    "log.depth",
    ...Object.keys(CONTEXT)
      .filter((name) => name !== "inRegion")
      .map((name) => `in.${name}`),
    ...VOCABULARY.map(([name]) => `class.${name}`),
  ].map((name) => prefix + name);
}

function neighbourNames(prefix: string): string[] {
  return ["exists", "log.chars", "linkDensity", "body", "inRegion", "heading"].map((name) => prefix + name);
}

/** One feature row per block: the block's own reading, its neighbours', and the body text around it. */
export function blockFeatures(blocks: readonly PageBlock[]): number[][] {
  const owns = blocks.map(ownReading);
  const regionBlocks = owns.filter((own) => own.inRegion);
  const regionBody = share(
    regionBlocks,
    (own) => own.body * own.chars,
    (own) => own.chars,
  );
  const groups = groupShares(blocks, owns);
  const toBodyBefore = charsSinceBody(owns);
  const toBodyAfter = charsSinceBody(owns.slice().reverse()).reverse();
  return blocks.map((block, i) => {
    const row = ownFeatures(block, owns[i] as Own, i, blocks.length);
    for (let step = 1; step <= NEAR; step++) {
      row.push(...neighbourFeatures(owns[i - step]), ...neighbourFeatures(owns[i + step]));
    }
    const window = owns.slice(Math.max(0, i - WINDOW), i + WINDOW + 1);
    const group = groups.get(block.group);
    row.push(
      window.reduce((sum, own) => sum + own.body, 0) / window.length,
      window.reduce((sum, own) => sum + own.inRegion, 0) / window.length,
      Math.log1p(toBodyBefore[i] as number),
      Math.log1p(toBodyAfter[i] as number),
      group ? group.body : (owns[i]?.body ?? 0),
      Math.log1p(group ? group.size : 1),
      regionBody,
    );
    return row;
  });
}

function ownReading(block: PageBlock): Own {
  const chars = weightedLength(block.text);
  const linkDensity = chars ? block.linkChars / chars : 0;
  return {
    chars,
    words: block.text.match(WORD)?.length ?? 0,
    linkDensity,
    body: chars >= BODY_CHARS && linkDensity <= BODY_LINK_DENSITY ? 1 : 0,
    inRegion: block.context & CONTEXT.inRegion ? 1 : 0,
    heading: block.kind === "heading" ? 1 : 0,
  };
}

function ownFeatures(block: PageBlock, own: Own, index: number, count: number): number[] {
  const words = block.text.match(WORD) ?? [];
  const wordCount = Math.max(1, words.length);
  const stopwords = words.filter((word) => STOPWORDS.has(word.toLowerCase())).length;
  const capitalised = words.filter((word) => CAPITALISED.test(word)).length;
  const digits = block.text.match(DIGIT)?.length ?? 0;
  const commas = block.text.split(",").length - 1;
  const contextBits = Object.entries(CONTEXT)
    .filter(([name]) => name !== "inRegion")
    .map(([, bit]) => (block.context & bit ? 1 : 0));
  const vocabularyBits = VOCABULARY.map((_, i) => (block.context & (1 << (VOCABULARY_SHIFT + i)) ? 1 : 0));
  return [
    own.inRegion,
    block.side === "before" ? 1 : 0,
    block.side === "after" ? 1 : 0,
    Math.log1p(block.regionDistance),
    Math.log1p(own.chars),
    Math.log1p(own.words),
    own.linkDensity,
    own.body,
    SENTENCE_END.test(block.text) ? 1 : 0,
    stopwords / wordCount,
    capitalised / wordCount,
    digits / Math.max(1, block.text.length),
    commas / wordCount,
    TEMPLATE_LINE.test(block.text) ? 1 : 0,
    DATE_LIKE.test(block.text) ? 1 : 0,
    own.heading,
    block.kind === "item" ? 1 : 0,
    block.level ? (7 - block.level) / 6 : 0,
    count > 1 ? index / (count - 1) : 0,
    Math.log1p(block.depth),
    ...contextBits,
    ...vocabularyBits,
  ];
}

function neighbourFeatures(own: Own | undefined): number[] {
  if (!own) return [0, 0, 0, 0, 0, 0];
  return [1, Math.log1p(own.chars), own.linkDensity, own.body, own.inRegion, own.heading];
}

/** Characters between each block and the nearest body-text block before it (a large number when there is none). */
function charsSinceBody(owns: readonly Own[]): number[] {
  return charsSince(
    owns.map((own) => own.chars),
    owns.map((own) => own.body === 1),
  );
}

/** Each list's or table's share of body text (by characters) and number of blocks. */
function groupShares(blocks: readonly PageBlock[], owns: readonly Own[]): Map<number, { body: number; size: number }> {
  const members = new Map<number, Own[]>();
  blocks.forEach((block, i) => {
    if (block.group < 0) return;
    const list = members.get(block.group) ?? [];
    list.push(owns[i] as Own);
    members.set(block.group, list);
  });
  const shares = new Map<number, { body: number; size: number }>();
  for (const [group, list] of members) {
    shares.set(group, {
      body: share(
        list,
        (own) => own.body * own.chars,
        (own) => own.chars,
      ),
      size: list.length,
    });
  }
  return shares;
}

function share<T>(items: readonly T[], part: (item: T) => number, whole: (item: T) => number): number {
  const total = items.reduce((sum, item) => sum + whole(item), 0);
  return total ? items.reduce((sum, item) => sum + part(item), 0) / total : 0;
}

/** Names of the features `decisionFeatures` adds after `FEATURE_NAMES`, each prefixed with the decision's name. */
export function decisionNames(name: string): string[] {
  return [
    "kept",
    "window",
    "beforeFirst",
    "afterLast",
    "log.charsToKeptBefore",
    "log.charsToKeptAfter",
    "pageShare",
  ].map((feature) => `${name}.${feature}`);
}

/**
 * Features of another reading's decision on each block (`kept`: whether that reading has the block): the
 * decision itself, its share around the block, whether the block lies outside the span the reading kept, how
 * far it is from the nearest kept block on each side, and how much of the page the reading kept.
 */
export function decisionFeatures(blocks: readonly PageBlock[], kept: readonly boolean[]): number[][] {
  const chars = blocks.map((block) => weightedLength(block.text));
  const first = kept.indexOf(true);
  const last = kept.lastIndexOf(true);
  const total = chars.reduce((sum, value) => sum + value, 0);
  const keptChars = chars.reduce((sum, value, i) => sum + (kept[i] ? value : 0), 0);
  const before = charsSince(chars, kept);
  const after = charsSince(chars.slice().reverse(), kept.slice().reverse()).reverse();
  return blocks.map((_, i) => {
    const window = kept.slice(Math.max(0, i - NEAR), i + NEAR + 1);
    return [
      kept[i] ? 1 : 0,
      window.filter(Boolean).length / window.length,
      first < 0 || i < first ? 1 : 0,
      i > last ? 1 : 0,
      Math.log1p(before[i] as number),
      Math.log1p(after[i] as number),
      total ? keptChars / total : 0,
    ];
  });
}

/** Characters between each block and the nearest earlier block that `marked` marks (a large number when none). */
function charsSince(chars: readonly number[], marked: readonly boolean[]): number[] {
  const distances: number[] = [];
  let since = NO_BODY;
  for (const [i, value] of chars.entries()) {
    distances.push(since);
    since = marked[i] ? 0 : Math.min(NO_BODY, since + value);
  }
  return distances;
}
