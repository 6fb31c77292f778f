import type { Article } from "../article/model";
import type { Source } from "../research/types";
import { citationMarkers } from "../text/markdown";
import { articleBlocks } from "./article-text";
import type { Finding, QualityCheck } from "./finding";
import { qualityCheck } from "./finding";

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
  return qualityCheck("citationValidity", total ? (valid / total) * 100 : 100, findings);
}

function okIds(sources: Source[]): string {
  const ids = sources.filter((s) => s.status === "ok").map((s) => `[${s.id}]`);
  return ids.length ? ids.join(", ") : "none are available";
}
