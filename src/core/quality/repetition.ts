import type { Article } from "../article/model";
import { stripMarkers } from "../text/markdown";
import { contentWords, stem } from "../text/tokens";
import { articleSentences } from "./article-text";
import { excerpt, qualityCheck } from "./finding";
import type { Finding, QualityCheck } from "./index";

export const NEAR_DUPLICATE = 0.8;
const MIN_WORDS = 6;
/** Bounds the pairwise comparison on very long inputs. */
const MAX_SENTENCES = 1500;

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
      let shared = 0;
      for (const s of a.stems) if (b.stems.has(s)) shared++;
      if (shared / (a.stems.size + b.stems.size - shared) < NEAR_DUPLICATE) continue;
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
