/** Term counts of a list of (folded) terms: the bag of words cosine similarity compares. */
export function termBag(terms: Iterable<string>): Map<string, number> {
  const bag = new Map<string, number>();
  for (const term of terms) bag.set(term, (bag.get(term) ?? 0) + 1);
  return bag;
}

/** Cosine similarity of two term bags: 1 for the same proportions of the same terms, 0 for no shared term. */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let left = 0;
  let right = 0;
  for (const [term, count] of a) {
    left += count * count;
    dot += count * (b.get(term) ?? 0);
  }
  for (const count of b.values()) right += count * count;
  return left && right ? dot / Math.sqrt(left * right) : 0;
}

/** Cosine similarity of two dense vectors (embeddings); 0 when either is all zeros or their lengths differ. */
export function vectorCosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let left = 0;
  let right = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    left += x * x;
    right += y * y;
  }
  return left && right ? dot / Math.sqrt(left * right) : 0;
}
