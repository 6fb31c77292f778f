import type { Article } from "../article/model";
import { AGENT_NOUN_WEIGHT, agentNoun, headTerm, keywordTopicTerms } from "../text/intent";
import { plainText, stripMarkers } from "../text/markdown";
import { topicTerms } from "../text/tokens";
import { articleClaims, type Claim } from "./claims";
import type { Finding, QualityCheck } from "./finding";
import { qualityCheck } from "./finding";

/** Below this share the article is about something else, whatever else it scores. */
export const ON_TOPIC = 0.4;

const termsOf = (text: string) => new Set(topicTerms(stripMarkers(plainText(text)).replace(/[-‐‑–]/g, " ")));
export interface Topicality {
  check: QualityCheck;
  offTopic: boolean;
}

/** A keyword term used in this share of the prose's parts or more counts as fully present. */
const FULL_PRESENCE = 0.5;

/**
 * The introduction and each section body as the claims they cite sources for; uncited framing ("This draft is
 * about …") does not count, nor (when `supported` is given) a claim its sources do not support, so a sentence
 * that merely names the keyword next to a citation cannot make the article about it. A claim speaks of the
 * keyword only with two of its terms together (all of a one-term keyword): "tomatoes" in one sentence and
 * "early blight" in another are not "tomato blight". An article that cites nothing is read whole.
 */
function citedProse(article: Article, keywordTerms: string[], supported: Claim[] | undefined, claims: Claim[]) {
  const parts = [
    { location: "intro", text: article.intro },
    ...article.sections.map((s, i) => ({ location: `section:${i}`, text: s.body })),
  ];
  if (!claims.length) return parts.map((p) => termsOf(p.text));
  const kept = supported ? new Set(supported.map((c) => `${c.location}\u0000${c.text}`)) : undefined;
  const together = Math.min(2, keywordTerms.length);
  return parts.map((p) => {
    const terms = new Set<string>();
    for (const claim of claims) {
      if (claim.location !== p.location || (kept && !kept.has(`${claim.location}\u0000${claim.text}`))) continue;
      const claimTerms = termsOf(claim.text);
      if (keywordTerms.filter((t) => claimTerms.has(t)).length < together) continue;
      for (const term of claimTerms) terms.add(term);
    }
    return terms;
  });
}

/**
 * Whether the article is about its keyword, judged on what it says with sources that support it (see
 * `citedProse`): a title, heading, opening line or call to action that names the keyword cannot make sections
 * about something else count. Each keyword term scores the share of parts that use it (full from half of them; a
 * part with only its agent noun, "gardeners" for "garden", counts half);
 * the article scores its weakest term (a keyword of three or more terms may drop one, never its head). Below
 * ON_TOPIC it is off-topic: a high finding, and the assessment keeps it from passing.
 */
export function topicality(article: Article, supported?: Claim[], claims = articleClaims(article)): Topicality {
  const keywordTerms = [...new Set(keywordTopicTerms(article.focusKeyphrase))];
  if (!keywordTerms.length) return { check: qualityCheck("topicality", 100, []), offTopic: false };
  const parts = citedProse(article, keywordTerms, supported, claims);
  // A part that says only the term's agent noun ("gardeners" for "garden") counts half, as in research's relevance.
  const presenceOf = (term: string) => {
    const agent = agentNoun(term);
    const uses = parts.reduce((sum, p) => sum + (p.has(term) ? 1 : p.has(agent) ? AGENT_NOUN_WEIGHT : 0), 0);
    return Math.min(1, uses / Math.max(1, parts.length) / FULL_PRESENCE);
  };
  // A keyword of three or more terms may lose one, but never its head ("rewards" in "credit card rewards").
  const head = headTerm(keywordTerms, article.language);
  const presence = keywordTerms.map(presenceOf).sort((a, b) => a - b);
  const share = Math.min(presenceOf(head), (keywordTerms.length >= 3 ? presence.slice(1) : presence)[0] ?? 0);
  const offTopic = share < ON_TOPIC;
  const away = article.sections
    .filter((s) => {
      const terms = termsOf(s.body);
      return !keywordTerms.some((t) => terms.has(t));
    })
    .map((s) => `"${s.heading}"`);
  const findings: Finding[] = [];
  if (offTopic)
    findings.push({
      check: "topicality",
      severity: "high",
      message: `The article is not about "${article.focusKeyphrase}": its prose hardly uses the keyword's terms (${Math.round(share * 100)}%).`,
      instruction: `Write about "${article.focusKeyphrase}" itself, from sources about it${away.length ? `; drop sections about other subjects (${away.slice(0, 3).join(", ")})` : ""}.`,
    });
  else if (away.length)
    findings.push({
      check: "topicality",
      severity: "low",
      message: `${away.length} section(s) never mention "${article.focusKeyphrase}": ${away.slice(0, 3).join(", ")}.`,
      instruction: `Tie the sections ${away.slice(0, 3).join(", ")} to "${article.focusKeyphrase}", or drop them.`,
    });
  return { check: qualityCheck("topicality", share * 100, findings), offTopic };
}
