import type { Article } from "../article/model";
import { stripMarkers } from "../text/markdown";
import { contentWords, stem } from "../text/tokens";
import { articleSentences } from "./article-text";
import type { Finding, QualityCheck } from "./finding";
import { excerpt, qualityCheck } from "./finding";

export const NEAR_DUPLICATE = 0.8;
const MIN_WORDS = 6;
/** Bounds the pairwise comparison on very long inputs. */
const MAX_SENTENCES = 1500;

/**
 * Whether two stem sets overlap by NEAR_DUPLICATE (Jaccard) or more. Most pairs share few stems: the count stops
 * as soon as too many of `a`'s stems are missing from `b` for the overlap to reach the share.
 */
function overlapsNearly(a: Set<string>, b: Set<string>): boolean {
  let shared = 0;
  let missing = 0;
  for (const s of a) {
    if (b.has(s)) shared++;
    else {
      missing++;
      const most = a.size - missing;
      if (most / (a.size + b.size - most) < NEAR_DUPLICATE) return false;
    }
  }
  return !(shared / (a.size + b.size - shared) < NEAR_DUPLICATE);
}

/** Two sentences are near-duplicates when their content-word sets overlap by 80% (Jaccard) or more. */
export function repetition(article: Article): QualityCheck {
  const list = articleSentences(article)
    .slice(0, MAX_SENTENCES)
    .map((s) => ({ ...s, stems: new Set(contentWords(stripMarkers(s.text)).map(stem)) }))
    .filter((s) => s.stems.size >= MIN_WORDS);
  const findings: Finding[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i];
      const b = list[j];
      if (!a || !b) continue;
      // Jaccard is at most the smaller set's size over the larger's: sets that far apart in size cannot match.
      if (Math.min(a.stems.size, b.stems.size) / Math.max(a.stems.size, b.stems.size) < NEAR_DUPLICATE) continue;
      if (!overlapsNearly(a.stems, b.stems)) continue;
      findings.push({
        check: "repetition",
        severity: "medium",
        message: `"${excerpt(b.text, 90)}" (${b.location}) repeats "${excerpt(a.text, 90)}" (${a.location}).`,
        location: b.location,
        instruction: `Remove or rewrite the repeated sentence "${excerpt(b.text, 80)}" in ${b.location}; say something new there.`,
      });
    }
  }
  return qualityCheck("repetition", 100 - findings.length * 20, findings.slice(0, 10));
}
