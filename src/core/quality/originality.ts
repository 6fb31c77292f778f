import type { Article } from "../article/model";
import type { Source } from "../research/types";
import { plainText, stripMarkers } from "../text/markdown";
import { normalizeWord, words } from "../text/tokens";
import { articleBlocks } from "./article-text";
import { excerpt, qualityCheck } from "./finding";
import type { Finding, QualityCheck } from "./index";

/** Runs are found with 6-word shingles (shorter repeats are common phrases); the copied share uses 8-word ones. */
const RUN_N = 6;
const SHARE_N = 8;
export const LONG_RUN = 12;
const MAX_SOURCE_CHARS = 300_000;

/**
 * Quotes that are marked and attributed are not copying: a Markdown blockquote, or text in quotation marks,
 * followed by a citation marker. They are cut out (as a break, so runs do not bridge them).
 */
const BLOCKQUOTE = /(?:^|\n)(?:\s{0,3}>[^\n]*(?:\n|$))+/g;
const QUOTED = /(?:"[^"\n]{1,1000}"|“[^”\n]{1,1000}”)\s*[,.]?\s*\[\d+(?:\s*,\s*\d+)*\]/g;
const BREAK = " \u0000 ";

export function withoutAttributedQuotes(markdown: string): string {
  return markdown.replace(BLOCKQUOTE, (quote) => (/\[\d+\](?!\()/.test(quote) ? BREAK : quote)).replace(QUOTED, BREAK);
}

/** Word runs of the text with breaks kept apart, so a shingle never spans a removed quote or a block edge. */
function segments(text: string): string[][] {
  return text.split("\u0000").map((part) => words(part).map(normalizeWord));
}

const shingles = (tokens: string[], n: number) =>
  Array.from({ length: Math.max(0, tokens.length - n + 1) }, (_, i) => tokens.slice(i, i + n).join(" "));

export function originality(article: Article, sources: Source[]): QualityCheck {
  const runIndex = new Map<string, number>();
  const shareIndex = new Set<string>();
  for (const source of sources.filter((s) => s.status === "ok")) {
    const tokens = words(source.text.slice(0, MAX_SOURCE_CHARS)).map(normalizeWord);
    for (const s of shingles(tokens, RUN_N)) if (!runIndex.has(s)) runIndex.set(s, source.id);
    for (const s of shingles(tokens, SHARE_N)) shareIndex.add(s);
  }
  const runs: { length: number; text: string; location: string; sourceId: number }[] = [];
  let shareTotal = 0;
  let shareCopied = 0;
  for (const block of articleBlocks(article)) {
    const text = stripMarkers(plainText(withoutAttributedQuotes(block.markdown)));
    for (const tokens of segments(text)) {
      for (const s of shingles(tokens, SHARE_N)) {
        shareTotal++;
        if (shareIndex.has(s)) shareCopied++;
      }
      const grams = shingles(tokens, RUN_N);
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
  const longestRun = Math.max(0, ...runs.map((r) => r.length));
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
