/**
 * The `search_lang` codes the Web Search API documents (its "Language Codes" table). Some are not the language's
 * BCP 47 tag (`jp`, `zh-hans`, `pt-br`, `nb`), and a code outside the table is refused with 422.
 */
const BRAVE_LANGUAGES: ReadonlySet<string> = new Set([
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
const BRAVE_SPELLED_OTHERWISE: Readonly<Record<string, string>> = {
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
  return mostSpecific(language, BRAVE_LANGUAGES, BRAVE_SPELLED_OTHERWISE);
}

/**
 * The `lr` values the Custom Search JSON API documents ("Language Collection Values"), without their `lang_`
 * prefix. Chinese is the only language split by script, Hebrew is still `iw` and Norwegian `no`.
 */
const GOOGLE_LANGUAGES: ReadonlySet<string> = new Set([
  "ar",
  "bg",
  "ca",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "es",
  "et",
  "fi",
  "fr",
  "hr",
  "hu",
  "id",
  "is",
  "it",
  "iw",
  "ja",
  "ko",
  "lt",
  "lv",
  "nl",
  "no",
  "pl",
  "pt",
  "ro",
  "ru",
  "sk",
  "sl",
  "sr",
  "sv",
  "tr",
  "zh-CN",
  "zh-TW",
]);

/** Language tags Google's collection spells otherwise: Chinese by script (a region implies one), old codes. */
const GOOGLE_SPELLED_OTHERWISE: Readonly<Record<string, string>> = {
  zh: "zh-CN",
  "zh-cn": "zh-CN",
  "zh-sg": "zh-CN",
  "zh-my": "zh-CN",
  "zh-hans": "zh-CN",
  "zh-tw": "zh-TW",
  "zh-hk": "zh-TW",
  "zh-mo": "zh-TW",
  "zh-hant": "zh-TW",
  he: "iw",
  in: "id",
  nb: "no",
  nn: "no",
};

/**
 * The `lr` for a BCP 47 language tag (`lang_zh-TW` for `zh-Hant-HK`, `lang_iw` for `he`), or none when Google has
 * no collection for the language: taking the tag's first two letters asked for collections that do not exist
 * (`lang_he`, `lang_zh`), which narrow a search to nothing or are ignored, depending on the day.
 */
export function googleLanguageRestrict(language: string): string | undefined {
  const code = mostSpecific(language, GOOGLE_LANGUAGES, GOOGLE_SPELLED_OTHERWISE);
  return code === undefined ? undefined : `lang_${code}`;
}

/** The code in `known` for the most specific prefix of `language`'s subtags, through the table of other spellings. */
function mostSpecific(
  language: string,
  known: ReadonlySet<string>,
  otherwise: Readonly<Record<string, string>>,
): string | undefined {
  const subtags = language.trim().toLowerCase().replaceAll("_", "-").split("-");
  for (let length = subtags.length; length > 0; length--) {
    const tag = subtags.slice(0, length).join("-");
    const code = otherwise[tag] ?? tag;
    if (known.has(code)) return code;
  }
  return undefined;
}
