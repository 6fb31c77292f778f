import { stem, words } from "../../text/tokens";
import { keyphraseForms } from "../keyphrase";
import { type CheckResult, result, type SeoContext } from "./result";

export const SLUG_MAX_WORDS = 6;
export const SLUG_MAX_CHARS = 75;

const slugWords = (slug: string) => words(slug.replace(/[-_/]+/g, " "));

export function slugKeyphrase({ doc, forms, input }: SeoContext): CheckResult {
  const id = "slugKeyphrase";
  if (!doc.slug) return result(id, "improve", null, "Give the page a slug made of the keyphrase's words.", 40);
  const stems = new Set(slugWords(doc.slug).map(stem));
  // The slug rarely keeps function words, so every word of the keyphrase counts, not only content words.
  const all = [...forms, ...keyphraseForms(input.keyphrase)];
  const best = Math.max(...all.map((form) => form.filter((s) => stems.has(s)).length / form.length));
  if (best >= 1) return result(id, "good", { share: 1 }, "The slug contains the keyphrase.");
  if (best > 0)
    return result(
      id,
      "improve",
      { share: Math.round(best * 100) / 100 },
      "The slug has only part of the keyphrase; use all of its words.",
      40 + best * 40,
    );
  // A slug is a weak signal and old addresses should not change, so a missing keyphrase is not a problem.
  return result(id, "improve", { share: 0 }, "Put the keyphrase's words in the slug.", 30);
}

export function slugLength({ doc }: SeoContext): CheckResult {
  const id = "slugLength";
  const count = slugWords(doc.slug).length;
  const value = { words: count, characters: doc.slug.length };
  if (!doc.slug) return result(id, "improve", value, "Give the page a short slug (3–6 words).", 40);
  if (count > SLUG_MAX_WORDS || doc.slug.length > SLUG_MAX_CHARS)
    return result(
      id,
      "improve",
      value,
      `The slug has ${count} words; keep it to ${SLUG_MAX_WORDS} words or fewer, dropping function words.`,
    );
  return result(id, "good", value, "The slug is short.");
}
