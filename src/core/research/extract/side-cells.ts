import type { Block } from "./blocks";
import { weightedLength } from "./classify";
import { contains, type DomElement } from "./dom";
import { MAX_PROSE_LINK_DENSITY, MIN_PROSE_CHARS } from "./regions";

/** A table cell is the article's when it holds at least this share of the reading's prose. */
const MIN_ARTICLE_CELL_SHARE = 0.7;
/** Text of other cells just above the article's cell, up to this length, is its headline and dateline. */
const MAX_HEAD_CHARS = 400;

/**
 * Drops the other cells of a layout table whose one cell holds the article: a page laid out with a table sets
 * its menus, teasers, quotes and contact boxes in the columns beside the article's cell, and a region that took
 * in the table reads them with it. The article's cell is the one that holds most of the reading's prose (long,
 * link-poor blocks); the cells nested in it (a table in the article) and around it stay, and so do the lines just
 * above it in rows of their own (a headline and dateline), but not a menu in a cell of a row that holds the
 * article's cell, which reads before it too. Where no cell holds most of the prose (an article spread over several
 * cells, or prose outside tables) nothing changes.
 */
export function dropSideCells(blocks: Block[]): Block[] {
  const article = articleCell(blocks);
  if (!article) return blocks;
  const inArticle = (block: Block) =>
    block.cell === null || contains(article, block.cell) || contains(block.cell, article);
  const first = blocks.findIndex((block) => block.cell !== null && contains(article, block.cell));
  let head = first;
  for (let chars = 0; head > 0; head--) {
    chars += (blocks[head - 1] as Block).text.length;
    if (chars > MAX_HEAD_CHARS) break;
  }
  // A cell whose row holds the article's cell is a column beside it.
  const beside = (block: Block) => {
    const row = block.cell?.parentElement;
    return row ? contains(row, article) : false;
  };
  const kept = blocks.filter((block, i) => (i >= head && i < first && !beside(block)) || inArticle(block));
  return kept.length === blocks.length ? blocks : kept;
}

/** The table cell holding at least MIN_ARTICLE_CELL_SHARE of the blocks' prose, or null. */
function articleCell(blocks: Block[]): DomElement | null {
  const prose = new Map<DomElement, number>();
  let total = 0;
  for (const block of blocks) {
    const chars = weightedLength(block.text);
    if (chars < MIN_PROSE_CHARS || block.linkChars > chars * MAX_PROSE_LINK_DENSITY) continue;
    total += chars;
    if (block.cell) prose.set(block.cell, (prose.get(block.cell) ?? 0) + chars);
  }
  let best: DomElement | null = null;
  let bestChars = 0;
  for (const [cell, chars] of prose) {
    if (chars > bestChars) {
      best = cell;
      bestChars = chars;
    }
  }
  return best && bestChars >= total * MIN_ARTICLE_CELL_SHARE ? best : null;
}
