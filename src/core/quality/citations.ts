import type { Article } from "../article/model";
import type { Source } from "../research/types";
import { citationMarkers, plainText } from "../text/markdown";
import { articleBlocks, proseSentences } from "./article-text";
import type { Finding, QualityCheck } from "./finding";
import { excerpt, qualityCheck } from "./finding";

/**
 * A source's words about its own page ("This article explains …", "In this guide we …"): cited in the article,
 * the page they name reads as the article itself. Quoted text is left out: a quotation is the source's voice. Only
 * the names a page gives itself: "this report" or "this video" more often points back to one the article named.
 */
const SOURCE_SELF_REFERENCE = /\b(?:this|our|in this)\s+(?:article|guide|post|blog post|piece)\b/i;
/** A quotation; an opening mark ends the search for the closing one, so unclosed quotes cost linear time. */
const QUOTED = /“[^“”]*”|"[^"]*"/g;

/**
 * Every `[n]` must resolve (through the article's citation list when it maps markers, else directly) to a
 * source that was retrieved and passed validity.
 */
export function citationValidity(article: Article, sources: Source[]): QualityCheck {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const mapped = new Map(article.citations.map((c) => [c.marker, c.sourceId]));
  const findings: Finding[] = [];
  let total = 0;
  let valid = 0;
  const reported = new Set<number>();
  for (const block of articleBlocks(article)) {
    for (const marker of citationMarkers(block.markdown)) {
      total++;
      const source = byId.get(mapped.get(marker) ?? marker);
      if (source?.status === "ok") {
        valid++;
        continue;
      }
      if (reported.has(marker)) continue;
      reported.add(marker);
      findings.push({
        check: "citationValidity",
        severity: "high",
        message: source
          ? `Citation [${marker}] points to a source that was not usable (${source.reason ?? source.status}).`
          : `Citation [${marker}] points to no retrieved source.`,
        location: block.location,
        instruction: `Remove citation [${marker}] or replace it with one of the retrieved sources: ${okIds(sources)}.`,
      });
    }
  }
  const borrowed = borrowedSelfReferences(article);
  findings.push(...borrowed);
  const sound = Math.max(0, valid - borrowed.length);
  return qualityCheck("citationValidity", total ? (sound / total) * 100 : 100, findings);
}

/**
 * Cited sentences in which a source speaks of its own page: "This article explains how to mix soil [1]" tells
 * the reader that this article does, which is the source's claim about itself, not about the topic.
 */
function borrowedSelfReferences(article: Article): Finding[] {
  const findings: Finding[] = [];
  for (const block of articleBlocks(article)) {
    for (const sentence of proseSentences(plainText(block.markdown))) {
      const markers = citationMarkers(sentence);
      if (markers.length === 0 || !SOURCE_SELF_REFERENCE.test(sentence.replace(QUOTED, ""))) continue;
      findings.push({
        check: "citationValidity",
        severity: "medium",
        message: `"${excerpt(sentence, 90)}" (${block.location}) cites a source speaking of its own page, which here reads as this article.`,
        location: block.location,
        instruction: `Rewrite "${excerpt(sentence, 80)}" in ${block.location} to say what source [${markers[0]}] says about the topic, or remove it.`,
      });
    }
  }
  return findings;
}

function okIds(sources: Source[]): string {
  const ids = sources.filter((s) => s.status === "ok").map((s) => `[${s.id}]`);
  return ids.length ? ids.join(", ") : "none are available";
}
