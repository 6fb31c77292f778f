import type { Article } from "../article/model";
import type { Source } from "../research/types";
import { plainText, stripMarkers } from "../text/markdown";
import { normalizeWord, words } from "../text/tokens";
import { articleBlocks } from "./article-text";
import type { Finding, QualityCheck } from "./finding";
import { excerpt, qualityCheck } from "./finding";
import { sourceWords } from "./source-index";

/** Runs are found with 6-word shingles (shorter repeats are common phrases); the copied share uses 8-word ones. */
const RUN_N = 6;
const SHARE_N = 8;
export const LONG_RUN = 12;

/**
 * Quotes that are marked and attributed are not copying: a Markdown blockquote, or text in quotation marks,
 * followed by a citation marker. They are cut out (as a break, so runs do not bridge them).
 */
const BLOCKQUOTE = /(?:^|\n)(?:\s{0,3}>[^\n]*(?:\n|$))+/g;
const QUOTED = /(?:"[^"\n]{1,1000}"|“[^“”\n]{1,1000}”)\s*(?:[,.]\s*)?\[\d+(?:\s*,\s*\d+)*\]/g;
const BREAK = " \u0000 ";

export function withoutAttributedQuotes(markdown: string): string {
  return markdown.replace(BLOCKQUOTE, (quote) => (/\[\d+\](?!\()/.test(quote) ? BREAK : quote)).replace(QUOTED, BREAK);
}

/** Word runs of the text with breaks kept apart, so a shingle never spans a removed quote or a block edge. */
function segments(text: string): string[][] {
  return text.split("\u0000").map((part) => words(part).map(normalizeWord));
}

/**
 * The word n-grams of a segment for each size in `sizes`, each its words joined by single spaces. They are cut
 * from the segment joined once, rather than joined n-gram by n-gram: a long draft has thousands of them.
 */
function shingles(tokens: string[], sizes: number[]): string[][] {
  const joined = tokens.join(" ");
  const starts: number[] = [];
  let at = 0;
  for (const token of tokens) {
    starts.push(at);
    at += token.length + 1;
  }
  const cut = (i: number, n: number) =>
    joined.slice(starts[i], (starts[i + n - 1] ?? 0) + (tokens[i + n - 1] ?? "").length);
  return sizes.map((n) => Array.from({ length: Math.max(0, tokens.length - n + 1) }, (_, i) => cut(i, n)));
}

function openings(segments: string[][], n: number): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const tokens of segments)
    for (let i = 0; i + n <= tokens.length; i++) {
      const first = tokens[i] as string;
      const next = out.get(first) ?? new Set<string>();
      next.add(tokens[i + 1] as string);
      out.set(first, next);
    }
  return out;
}

export function originality(article: Article, sources: Source[]): QualityCheck {
  const blocks = articleBlocks(article).map((block) => ({
    location: block.location,
    segments: segments(stripMarkers(plainText(withoutAttributedQuotes(block.markdown)))),
  }));
  const all = blocks.flatMap((b) => b.segments);
  const runOpenings = openings(all, RUN_N);
  const shareOpenings = openings(all, SHARE_N);
  // Source n-grams the article cannot contain are never looked up, so they are not indexed: only a source
  // position whose first two words open one of the article's n-grams is joined into a string. An 8-gram's
  // opening is also a 6-gram's, so one pass over the source serves both indexes.
  const runIndex = new Map<string, number>();
  const shareIndex = new Set<string>();
  for (const source of sources.filter((s) => s.status === "ok")) {
    const tokens = sourceWords(source);
    for (let i = 0; i + RUN_N <= tokens.length; i++) {
      const first = tokens[i] as string;
      const second = tokens[i + 1] as string;
      if (!runOpenings.get(first)?.has(second)) continue;
      const run = tokens.slice(i, i + RUN_N).join(" ");
      if (!runIndex.has(run)) runIndex.set(run, source.id);
      if (i + SHARE_N <= tokens.length && shareOpenings.get(first)?.has(second))
        shareIndex.add(tokens.slice(i, i + SHARE_N).join(" "));
    }
  }
  const runs: { length: number; text: string; location: string; sourceId: number }[] = [];
  let shareTotal = 0;
  let shareCopied = 0;
  for (const block of blocks) {
    for (const tokens of block.segments) {
      const [shares = [], grams = []] = shingles(tokens, [SHARE_N, RUN_N]);
      for (const s of shares) {
        shareTotal++;
        if (shareIndex.has(s)) shareCopied++;
      }
      let start = -1;
      // One step past the end closes a run that reaches the last shingle.
      for (let i = 0; i <= grams.length; i++) {
        const hit = i < grams.length && runIndex.has(grams[i] ?? "");
        if (hit && start < 0) start = i;
        if (hit || start < 0) continue;
        const covered = tokens.slice(start, i - 1 + RUN_N);
        runs.push({
          length: covered.length,
          text: covered.join(" "),
          location: block.location,
          sourceId: runIndex.get(grams[start] ?? "") ?? 0,
        });
        start = -1;
      }
    }
  }
  // A fold, not a spread: an article can hold more runs than a call takes arguments.
  const longestRun = runs.reduce((longest, run) => Math.max(longest, run.length), 0);
  const share = shareTotal ? shareCopied / shareTotal : 0;
  const value = { longestRun, copiedShare: Math.round(share * 1000) / 10 };
  if (article.kind === "extractive")
    return qualityCheck("originality", 100, [
      {
        check: "originality",
        severity: "low",
        message: `Extractive draft: assembled from the sources by design (longest copied run ${longestRun} words, ${value.copiedShare}% of 8-word sequences), so it is a research draft, not original writing.`,
        instruction: "Have a writer model rewrite the draft in its own words if original prose is needed.",
      },
    ]);
  const findings: Finding[] = runs
    .filter((r) => r.length >= 8)
    .sort((a, b) => b.length - a.length)
    .slice(0, 5)
    .map((r) => ({
      check: "originality",
      severity: r.length >= LONG_RUN ? "high" : "medium",
      message: `${r.length} words copied verbatim${r.sourceId ? ` from source [${r.sourceId}]` : ""}: "${excerpt(r.text)}".`,
      location: r.location,
      instruction: `Rewrite "${excerpt(r.text, 80)}" in your own words, or quote it in quotation marks with its citation.`,
    }));
  if (share > 0.1)
    findings.unshift({
      check: "originality",
      severity: "high",
      message: `${value.copiedShare}% of the article's 8-word sequences also occur in the sources.`,
      instruction: "Paraphrase and synthesise the sources instead of reusing their sentences.",
    });
  const longRuns = runs.filter((r) => r.length >= LONG_RUN).length;
  return qualityCheck("originality", 100 * (1 - Math.min(1, share / 0.3)) - longRuns * 10, findings);
}
