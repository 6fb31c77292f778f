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
 * their tokens), or starts its own. Candidates come by prefix filtering with a size filter: two headings that alike
 * share a token among the first few of each, their tokens ranked rarest first, and are of near sizes (a heading of
 * `a` tokens has partners of SIMILAR·a to a/SIMILAR). A partner at least as large must share one of a shorter prefix
 * than a smaller one (it must share more of the heading), so a word most headings use ("Tips") brings up no
 * candidates of their size, and clustering stays near linear in the headings, where comparing each heading with
 * every earlier one took seconds on a few thousand.
 */
export function clusterHeadings<T extends { tokens: Set<string> }>(members: T[]): T[][] {
  const uses = new Map<string, number>();
  for (const member of members) for (const token of member.tokens) uses.set(token, (uses.get(token) ?? 0) + 1);
  const clusters: T[][] = [];
  // The clusters with a member of each size that has each token in its prefix: token → size → clusters.
  const index = new Map<string, Map<number, Set<number>>>();
  for (const member of members) {
    const ranked = rarestFirst(member.tokens, uses);
    const size = ranked.length;
    const candidates = new Set<number>();
    const probe = (tokens: string[], smallest: number, largest: number) => {
      for (const token of tokens) {
        const bySize = index.get(token);
        if (!bySize) continue;
        for (const [other, found] of bySize) {
          if (other < smallest || other > largest) continue;
          for (const cluster of found) candidates.add(cluster);
        }
      }
    };
    // Partners as large or larger share at least ⌈2·SIMILAR·a/(1 + SIMILAR)⌉ tokens; smaller ones ⌈SIMILAR·a⌉.
    probe(
      ranked.slice(0, size - Math.ceil((2 * SIMILAR * size) / (1 + SIMILAR)) + 1),
      size,
      Math.floor(size / SIMILAR),
    );
    // The prefix any partner shares a token of: probed for smaller partners, and what this heading is indexed under.
    const prefix = ranked.slice(0, size - Math.ceil(SIMILAR * size) + 1);
    probe(prefix, Math.ceil(SIMILAR * size), size - 1);
    const home = [...candidates]
      .sort((a, b) => a - b)
      .find((at) => clusters[at]?.some((other) => jaccard(other.tokens, member.tokens) >= SIMILAR));
    if (home === undefined) clusters.push([member]);
    else clusters[home]?.push(member);
    const at = home ?? clusters.length - 1;
    for (const token of prefix) {
      const bySize = index.get(token) ?? new Map<number, Set<number>>();
      index.set(token, bySize);
      const found = bySize.get(size) ?? new Set<number>();
      bySize.set(size, found);
      found.add(at);
    }
  }
  return clusters;
}

/**
 * A heading's tokens, rarest first (ties by the token): any fixed order serves prefix filtering, and this one puts
 * the telling words in the prefixes. Jaccard ≥ t needs an overlap of at least ⌈t·|A|⌉ tokens, so two such sets
 * share one of their first |A| − ⌈t·|A|⌉ + 1 (each set is indexed under those).
 */
function rarestFirst(tokens: Set<string>, uses: Map<string, number>): string[] {
  return [...tokens].sort((a, b) => (uses.get(a) ?? 0) - (uses.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
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
