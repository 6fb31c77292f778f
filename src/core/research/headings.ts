import { jaccard } from "../text/similarity";
import { isNoiseWord } from "../text/stopwords";
import { foldWord, normalizeWord, topicTerms, words } from "../text/tokens";
import type { Heading, Subtopic } from "./types";

export interface HeadedPage {
  id: number;
  headings: Heading[];
}

/** Levels that carry a page's sections; h1 is the page's own title. */
const SECTION_LEVELS = new Set([2, 3, 4]);
const SIMILAR = 0.5;

/** A heading folded for counting: lower case, no numbering ("2.", "Step 3:"), no punctuation. */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\s*(step\s+)?\d+[.):-]?\s*/, "")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** A heading as shown: its own words, without a list number in front. */
function displayHeading(text: string): string {
  return text.replace(/^\s*(step\s+)?\d+[.):-]?\s+/i, "").trim();
}

/** Section headings that several pages share word for word (after normalising), by how many pages use them. */
export function commonHeadings(pages: HeadedPage[], limit = 25): { text: string; count: number }[] {
  const byKey = new Map<string, { text: string; pages: Set<number> }>();
  for (const page of pages) {
    for (const heading of sectionHeadings(page)) {
      const key = normaliseHeading(heading.text);
      if (!key) continue;
      const entry = byKey.get(key) ?? { text: displayHeading(heading.text), pages: new Set<number>() };
      entry.pages.add(page.id);
      byKey.set(key, entry);
    }
  }
  const minPages = Math.min(2, pages.length);
  return [...byKey.values()]
    .filter((entry) => entry.pages.size >= minPages)
    .map((entry) => ({ text: entry.text, count: entry.pages.size }))
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}

interface Member {
  page: number;
  text: string;
  tokens: Set<string>;
}

/**
 * Subtopics: section headings clustered across pages by the Jaccard similarity of their content words (single
 * link at 0.5), with the keyword's own words set aside so that "How to feed a sourdough starter" and "What is a
 * sourdough starter" are not one topic. Clusters covered by more pages come first.
 */
export function subtopics(pages: HeadedPage[], keyword: string, limit = 15): Subtopic[] {
  const keywordTokens = new Set(topicTerms(keyword));
  const shown = new Map<string, string>();
  const members: Member[] = [];
  for (const page of pages) {
    for (const heading of sectionHeadings(page)) {
      const text = displayHeading(heading.text);
      for (const word of words(text)) if (!isNoiseWord(word)) shown.set(foldWord(word), normalizeWord(word));
      const all = topicTerms(text);
      const topical = all.filter((token) => !keywordTokens.has(token));
      const tokens = new Set(topical.length ? topical : all);
      if (tokens.size > 0) members.push({ page: page.id, text, tokens });
    }
  }
  const clusters = clusterHeadings(members);
  const minPages = Math.min(2, pages.length);
  // Most clusters are one page's heading: counted out before they are described.
  return clusters
    .filter((members) => pagesOf(members) >= minPages)
    .map((members) => describeCluster(members, shown))
    .sort((a, b) => b.pages - a.pages || b.headings.length - a.headings.length)
    .slice(0, limit);
}

/**
 * Headings in clusters, single link: each joins the first cluster holding one at least SIMILAR alike (Jaccard of
 * their tokens), or starts its own. Candidates come by prefix filtering: two headings that alike share a token among
 * the first few of each (`prefixTokens`), their tokens ranked rarest first, so a word most headings use ("Tips")
 * brings up no candidates and clustering stays near linear in the headings, where comparing each heading with every
 * earlier one took seconds on a few thousand.
 */
export function clusterHeadings<T extends { tokens: Set<string> }>(members: T[]): T[][] {
  const uses = new Map<string, number>();
  for (const member of members) for (const token of member.tokens) uses.set(token, (uses.get(token) ?? 0) + 1);
  const clusters: T[][] = [];
  // The clusters each token is in the prefix of a member of.
  const clustersUsing = new Map<string, Set<number>>();
  for (const member of members) {
    const prefix = prefixTokens(member.tokens, uses);
    const candidates = new Set<number>();
    for (const token of prefix) for (const index of clustersUsing.get(token) ?? []) candidates.add(index);
    const home = [...candidates]
      .sort((a, b) => a - b)
      .find((index) => clusters[index]?.some((other) => jaccard(other.tokens, member.tokens) >= SIMILAR));
    if (home === undefined) clusters.push([member]);
    else clusters[home]?.push(member);
    const at = home ?? clusters.length - 1;
    for (const token of prefix) {
      const using = clustersUsing.get(token);
      if (using) using.add(at);
      else clustersUsing.set(token, new Set([at]));
    }
  }
  return clusters;
}

/**
 * The tokens of a set that any set at least SIMILAR alike shares one of: Jaccard ≥ t needs an overlap of at least
 * ⌈t·|A|⌉ tokens, so of any fixed order of all tokens, two such sets share one of their first |A| − ⌈t·|A|⌉ + 1.
 * The order is rarest first (ties by the token), so the prefixes hold the telling words.
 */
function prefixTokens(tokens: Set<string>, uses: Map<string, number>): string[] {
  const ranked = [...tokens].sort((a, b) => (uses.get(a) ?? 0) - (uses.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  return ranked.slice(0, ranked.length - Math.ceil(SIMILAR * ranked.length) + 1);
}

function describeCluster(members: Member[], shown: Map<string, string>): Subtopic {
  const texts = new Map<string, { text: string; count: number }>();
  const terms = new Map<string, number>();
  for (const member of members) {
    const key = normaliseHeading(member.text);
    const entry = texts.get(key) ?? { text: member.text, count: 0 };
    entry.count++;
    texts.set(key, entry);
    for (const token of member.tokens) terms.set(token, (terms.get(token) ?? 0) + 1);
  }
  const ranked = [...texts.values()].sort((a, b) => b.count - a.count || a.text.length - b.text.length);
  return {
    label: ranked[0]?.text ?? "",
    headings: ranked.slice(0, 8).map((entry) => entry.text),
    terms: [...terms.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([term]) => shown.get(term) ?? term),
    pages: pagesOf(members),
  };
}

function pagesOf(members: Member[]): number {
  return new Set(members.map((member) => member.page)).size;
}

function sectionHeadings(page: HeadedPage): Heading[] {
  return page.headings.filter((heading) => SECTION_LEVELS.has(heading.level) && heading.text.trim());
}
