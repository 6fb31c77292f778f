import { countOccurrences } from "../keyphrase";
import { type CheckResult, result, type SeoContext } from "./result";

export const META_MIN_CHARS = 120;
export const META_MAX_CHARS = 160;

export function metaDescriptionLength({ doc }: SeoContext): CheckResult {
  const id = "metaDescriptionLength";
  const characters = [...doc.metaDescription].length;
  if (characters === 0)
    return result(id, "problem", 0, "Add a meta description of 120–160 characters that sums up the page.", 0);
  if (characters < META_MIN_CHARS)
    return result(
      id,
      "improve",
      characters,
      `The meta description is ${characters} characters; lengthen it to ${META_MIN_CHARS}–${META_MAX_CHARS}.`,
    );
  if (characters > META_MAX_CHARS)
    return result(
      id,
      "improve",
      characters,
      `The meta description is ${characters} characters; shorten it to at most ${META_MAX_CHARS} so it is not cut off.`,
    );
  return result(id, "good", characters, `The meta description length is good (${characters} characters).`);
}

/** Once or twice: the keyphrase is shown in bold in results, more looks like stuffing. */
export function metaDescriptionKeyphrase({ doc, forms }: SeoContext): CheckResult {
  const id = "metaDescriptionKeyphrase";
  if (!doc.metaDescription) return result(id, "problem", 0, "Write a meta description that contains the keyphrase.", 0);
  const count = countOccurrences(doc.metaDescription, forms);
  if (count === 0) return result(id, "problem", 0, "Use the keyphrase (or a synonym) in the meta description.");
  if (count > 2)
    return result(
      id,
      "improve",
      count,
      `The meta description uses the keyphrase ${count} times; once or twice is enough.`,
    );
  return result(id, "good", count, "The meta description contains the keyphrase.");
}
