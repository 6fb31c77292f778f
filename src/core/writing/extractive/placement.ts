import { boundedMemo } from "../../memo";
import { topicTerms } from "../../text/tokens";
import type { PlannedSection } from "./outline";
import { poolIndex, termSet } from "./select";
import type { Sentence } from "./sentences";

/**
 * What a sentence's place in its source adds to its words: a sentence filed under "Watering and mulching" belongs
 * with "Water and climate" even when it names the soil more often than the water.
 */
const FILED_UNDER = 0.5;

/**
 * A sentence that states a price ("$30 to $60", "12 €") is about what something costs, whatever else it names: it
 * bids this much more for a heading on costs or prices than its words alone would.
 */
const PRICED = 0.5;
const PRICE = /[$€£¥]\s?\d|\d\s?(?:€|£|\b(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)/i;
let priceTerms: string[] | undefined;

const headingTerms = boundedMemo(2_000, (heading: string) => new Set(topicTerms(heading)));

/**
 * The section each sentence fits best, as an index into `plans`: of the sections whose heading words or focus it
 * uses (in its words or in the source heading it sits under), the one whose terms it matches most, each section's
 * matches scaled by its best one so a heading of many terms does not outbid one of few; a sentence stating a
 * price bids more for a heading on costs or prices (a price sentence belongs there, not under "Pests" because it
 * names the netting it prices). A sentence that speaks to
 * no section has no place. Returns each placed sentence's section and how well it fits there.
 */
export function placeSentences(
  pool: Sentence[],
  plans: PlannedSection[],
  keywordTerms: string[],
): { home: Map<Sentence, number>; fit: Map<Sentence, number> } {
  const keyword = new Set(keywordTerms);
  const index = poolIndex(pool);
  const fits = plans.map((plan) => {
    const query = plan.terms.filter((t) => !keyword.has(t));
    const scores = query.length ? index.scoreAll(query) : [];
    let top = 0;
    for (const score of scores) if (score > top) top = score;
    // A sentence may bid for a heading by any of the heading's own words, not only its focus: "cost" in
    // "Cost over time" is too general a word to fill a section with, but a price sentence belongs there.
    const claims = [...new Set([...plan.focus, ...topicTerms(plan.heading).filter((t) => !keyword.has(t))])];
    priceTerms ??= topicTerms("cost costs price prices budget");
    const onPrices = claims.some((t) => priceTerms?.includes(t));
    return { claims, scores, top, onPrices };
  });
  const home = new Map<Sentence, number>();
  const fitOf = new Map<Sentence, number>();
  pool.forEach((sentence, i) => {
    const words = termSet(sentence);
    const filed = sentence.under ? headingTerms(sentence.under) : undefined;
    const priced = PRICE.test(sentence.text);
    let best = -1;
    let bestFit = 0;
    fits.forEach((fit, p) => {
      const speaks = fit.claims.some((t) => words.has(t));
      const under = filed !== undefined && fit.claims.some((t) => filed.has(t));
      const onPrice = priced && fit.onPrices;
      if (!speaks && !under && !onPrice) return;
      const value =
        (fit.top > 0 ? (fit.scores[i] ?? 0) / fit.top : 0) + (under ? FILED_UNDER : 0) + (onPrice ? PRICED : 0);
      if (value > bestFit) {
        best = p;
        bestFit = value;
      }
    });
    if (best < 0) return;
    home.set(sentence, best);
    fitOf.set(sentence, bestFit);
  });
  return { home, fit: fitOf };
}
