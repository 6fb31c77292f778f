/**
 * A boosted ensemble of complete binary trees of one depth. Node `n` of a tree sends a row to node `2n + 1`
 * when `row[feature[n]] <= threshold[n]`, else to `2n + 2`; the leaves, below the last level of nodes, hold
 * the values added to the score. The score is a log-odds that the block is the article's text.
 */
export interface TreeModel {
  depth: number;
  base: number;
  trees: readonly Tree[];
}

export interface Tree {
  feature: readonly number[];
  threshold: readonly number[];
  leaf: readonly number[];
}

/** The log-odds that a block, read as `row`, is the article's text. */
export function treeScore(model: TreeModel, row: readonly number[]): number {
  let score = model.base;
  const inner = 2 ** model.depth - 1;
  for (const tree of model.trees) {
    let node = 0;
    while (node < inner) {
      const value = row[tree.feature[node] as number] as number;
      node = value <= (tree.threshold[node] as number) ? 2 * node + 1 : 2 * node + 2;
    }
    score += tree.leaf[node - inner] as number;
  }
  return score;
}
