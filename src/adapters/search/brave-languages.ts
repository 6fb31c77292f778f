/**
 * The `search_lang` codes the Web Search API documents (its "Language Codes" table). Some are not the language's
 * BCP 47 tag (`jp`, `zh-hans`, `pt-br`, `nb`), and a code outside the table is refused with 422.
 */
const SEARCH_LANGUAGES: ReadonlySet<string> = new Set([
  "ar",
  "eu",
  "bn",
  "bg",
  "ca",
  "zh-hans",
  "zh-hant",
  "hr",
  "cs",
  "da",
  "nl",
  "en",
  "en-gb",
  "et",
  "fi",
  "fr",
  "gl",
  "de",
  "gu",
  "he",
  "hi",
  "hu",
  "is",
  "it",
  "jp",
  "kn",
  "ko",
  "lv",
  "lt",
  "ms",
  "ml",
  "mr",
  "nb",
  "pl",
  "pt-br",
  "pt-pt",
  "pa",
  "ro",
  "ru",
  "sr",
  "sk",
  "sl",
  "es",
  "sv",
  "ta",
  "te",
  "th",
  "tr",
  "uk",
  "vi",
]);

/** Language tags the table spells otherwise: Chinese by script (a region implies one), Norwegian as Bokmål. */
const SPELLED_OTHERWISE: Readonly<Record<string, string>> = {
  ja: "jp",
  zh: "zh-hans",
  "zh-cn": "zh-hans",
  "zh-sg": "zh-hans",
  "zh-my": "zh-hans",
  "zh-tw": "zh-hant",
  "zh-hk": "zh-hant",
  "zh-mo": "zh-hant",
  pt: "pt-br",
  no: "nb",
  nn: "nb",
  iw: "he",
};

/**
 * The `search_lang` for a BCP 47 language tag: its most specific prefix the table has (`en-GB` is `en-gb`, `en-US`
 * is `en`, `zh-Hant-HK` is `zh-hant`), or none when the language is not in the table, so that a search in it is
 * still made, without a language, instead of being refused.
 */
export function braveSearchLang(language: string): string | undefined {
  const subtags = language.trim().toLowerCase().replaceAll("_", "-").split("-");
  for (let length = subtags.length; length > 0; length--) {
    const tag = subtags.slice(0, length).join("-");
    const code = SPELLED_OTHERWISE[tag] ?? tag;
    if (SEARCH_LANGUAGES.has(code)) return code;
  }
  return undefined;
}
