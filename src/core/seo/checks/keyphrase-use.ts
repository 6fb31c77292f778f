import { sentences } from "../../text/sentences";
import { words } from "../../text/tokens";
import { containsAnyForm, countOccurrences, countOccurrencesIn } from "../keyphrase";
import { type CheckResult, result, type SeoContext } from "./result";

/** Readers and search engines both look for the topic in the first paragraph. */
export function introductionKeyphrase({ doc, forms }: SeoContext): CheckResult {
  const id = "introductionKeyphrase";
  const intro = doc.paragraphs[0] ?? "";
  if (sentences(intro).some((sentence) => containsAnyForm(sentence, forms)))
    return result(id, "good", "sentence", "The first paragraph uses the keyphrase.");
  if (containsAnyForm(intro, forms))
    return result(
      id,
      "improve",
      "paragraph",
      "The keyphrase's words are spread over the first paragraph; use them together in one sentence.",
    );
  return result(id, "problem", "absent", "Use the keyphrase in the first paragraph.");
}

export const DENSITY_MIN = 0.5;
export const DENSITY_MAX = 3;

/**
 * Occurrences (keyphrase, synonyms, plural forms) per 100 words. Below 0.5% the topic is unclear; above 3%
 * the text reads as stuffed. A zero count is a problem of its own.
 */
export function keyphraseDensity({ sentenceTokens, doc, forms, wordCount }: SeoContext): CheckResult {
  const id = "keyphraseDensity";
  // Headings are text readers and search engines see too, so they count (as they do in common SEO tools).
  const headings = doc.headings.map((h) => h.text).join("\n\n");
  const count = countOccurrencesIn(sentenceTokens, forms) + countOccurrences(headings, forms);
  const total = wordCount + words(headings).length;
  const density = total ? (count / total) * 100 : 0;
  const value = { count, density: Math.round(density * 100) / 100, words: total };
  if (count === 0)
    return result(id, "problem", value, "The keyphrase does not appear in the text; use it a few times.", 0);
  if (density < DENSITY_MIN) {
    const needed = Math.ceil((DENSITY_MIN / 100) * total);
    return result(
      id,
      "improve",
      value,
      `The keyphrase appears ${count} times (${value.density}%); use it about ${needed} times for ${total} words.`,
      50 + (density / DENSITY_MIN) * 30,
    );
  }
  if (density > DENSITY_MAX)
    return result(
      id,
      density > DENSITY_MAX * 1.5 ? "problem" : "improve",
      value,
      `The keyphrase makes up ${value.density}% of the text; use it less (at most ${DENSITY_MAX}%) and vary with synonyms.`,
      Math.max(10, 80 - (density - DENSITY_MAX) * 20),
    );
  return result(id, "good", value, `The keyphrase density is good (${value.density}%).`);
}

/** Some, but not all, H2/H3 subheadings should reflect the topic: about 30–75% of them. */
export function subheadingKeyphrase({ doc, forms, wordCount }: SeoContext): CheckResult {
  const id = "subheadingKeyphrase";
  const subheadings = doc.headings.filter((h) => h.level === 2 || h.level === 3);
  // A long text with no subheadings at all is hard to scan, which is worse than a missing keyphrase in them.
  if (!subheadings.length)
    return result(
      id,
      wordCount > 300 ? "problem" : "improve",
      { subheadings: 0, withKeyphrase: 0 },
      "Add H2 subheadings; use the keyphrase in some.",
      wordCount > 300 ? 20 : 40,
    );
  const withKeyphrase = subheadings.filter((h) => containsAnyForm(h.text, forms)).length;
  const share = withKeyphrase / subheadings.length;
  const value = { subheadings: subheadings.length, withKeyphrase };
  if (withKeyphrase === 0)
    return result(id, "problem", value, "Use the keyphrase or a synonym in at least one H2 or H3 subheading.", 30);
  if (share < 0.3 && subheadings.length > 3)
    return result(
      id,
      "improve",
      value,
      `Only ${withKeyphrase} of ${subheadings.length} subheadings reflect the keyphrase; use it (or a synonym) in about a third of them.`,
      70,
    );
  if (share > 0.75 && subheadings.length > 2)
    return result(
      id,
      "improve",
      value,
      `${withKeyphrase} of ${subheadings.length} subheadings repeat the keyphrase; vary them so they describe their sections.`,
    );
  return result(id, "good", value, `${withKeyphrase} of ${subheadings.length} subheadings reflect the keyphrase.`);
}
