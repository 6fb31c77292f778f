import type { Article } from "../article/model";
import { plainText } from "../text/markdown";
import { contentWords } from "../text/tokens";
import { articleBlocks, proseSentences } from "./article-text";

/** One cited claim: the text a group of citation markers belongs to, and the sources they point at. */
export interface Claim {
  location: string;
  text: string;
  /** Marker numbers as the article writes them. */
  markers: number[];
}

const MARKER = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\](?!\()/g;
const LEADING_MARKERS = /^(?:\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\](?!\())+/;
/** A stretch this short ("According to", "As") is not a claim: the whole sentence is. */
const MIN_CLAIM_WORDS = 2;

const numbersIn = (markers: string) => markers.split(/[,;]/).map((n) => Number(n.trim()));

/** Markdown escapes (`\*`, `\[`) are the writer's, not the source's: a claim is compared as the reader sees it. */
const unescapeMarkdown = (text: string) => text.replace(/\\([\\`*_[\]{}<>#|~])/g, "$1");

/**
 * The claims of a piece of prose. A citation marker belongs to the text before it, back to the previous marker
 * or the start of its sentence; markers side by side (`[1][3]`) share one claim. A marker that opens a sentence
 * (written after the full stop: `… a year.” [6]`) belongs to the sentence before it.
 */
export function claimsOf(markdown: string, location: string): Claim[] {
  const list = proseSentences(unescapeMarkdown(plainText(markdown)));
  const moved: string[] = [];
  for (const sentence of list) {
    const leading = LEADING_MARKERS.exec(sentence)?.[0];
    if (leading && moved.length) {
      moved[moved.length - 1] += leading.replace(/\s+/g, "");
      const rest = sentence.slice(leading.length).trim();
      if (rest) moved.push(rest);
    } else moved.push(sentence);
  }
  const claims: Claim[] = [];
  for (const sentence of moved) {
    const whole = sentence
      .replace(MARKER, "")
      .replace(/(?<!\s)\s+([.,;:!?])/g, "$1")
      .trim();
    let start = 0;
    let open: Claim | undefined;
    for (const match of sentence.matchAll(MARKER)) {
      const at = match.index ?? 0;
      const text = sentence.slice(start, at).trim();
      start = at + match[0].length;
      const markers = numbersIn(match[1] ?? "");
      if (open && !/[\p{L}\p{N}]/u.test(text)) {
        for (const marker of markers) open.markers.push(marker);
        continue;
      }
      open = { location, text: contentWords(text).length < MIN_CLAIM_WORDS ? whole : text, markers };
      claims.push(open);
    }
  }
  return claims;
}

export function articleClaims(article: Article): Claim[] {
  return articleBlocks(article).flatMap((block) => claimsOf(block.markdown, block.location));
}
