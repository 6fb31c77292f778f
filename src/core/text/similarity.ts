import { normalizeWord, words } from "./tokens";

/** Jaccard similarity of two token collections taken as sets: shared tokens over all tokens. */
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const left = a instanceof Set ? (a as Set<string>) : new Set(a);
  const right = b instanceof Set ? (b as Set<string>) : new Set(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return shared / (left.size + right.size - shared);
}

/** Word n-grams of a text (lower-cased words joined by spaces): the unit near-duplicate detection compares. */
export function shingles(text: string, size = 3): Set<string> {
  return tokenShingles(words(text).map(normalizeWord), size);
}

/** `shingles` of a text already split into normalised words. */
export function tokenShingles(tokens: string[], size = 3): Set<string> {
  const out = new Set<string>();
  if (tokens.length < size) {
    if (tokens.length) out.add(tokens.join(" "));
    return out;
  }
  if (size === 3) return trigrams(tokens, out);
  for (let i = 0; i + size <= tokens.length; i++) out.add(tokens.slice(i, i + size).join(" "));
  return out;
}

/** Word trigrams, the size every caller asks for: built as one template string, without a slice and a join each. */
function trigrams(tokens: string[], out: Set<string>): Set<string> {
  for (let i = 0; i + 3 <= tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  return out;
}

/**
 * How much of the shorter text the longer one repeats, by shared word trigrams: 1 for a sentence quoted inside
 * another, near 0 for unrelated ones. Containment rather than Jaccard, so a trimmed copy still counts as a copy.
 */
export function shingleContainment(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return shared / small.size;
}
