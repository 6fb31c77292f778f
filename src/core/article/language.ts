/** The languages the product writes its own words in: headings, labels and the extractive writer's phrases. */
export const WRITTEN_LANGUAGES = ["en", "fr", "es", "de", "pt"] as const;
export type WrittenLanguage = (typeof WRITTEN_LANGUAGES)[number];

/** The language tag's primary subtag (`fr-CA` → `fr`) when the product writes its own words in it, else English. */
export function writtenLanguage(tag: string): WrittenLanguage {
  const primary = tag.split("-")[0]?.toLowerCase() ?? "";
  return WRITTEN_LANGUAGES.find((language) => language === primary) ?? "en";
}
