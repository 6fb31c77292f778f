/**
 * Words of class and id names that templates use for the parts of a page, grouped by the part they name. A
 * block's features say which groups the names around it hit; the model learns what each group means, so a
 * word here is a hint, never a verdict.
 */
export const VOCABULARY: readonly (readonly [name: string, words: RegExp])[] = [
  ["comment", /comment|disqus|respond|repl(?:y|ies)|discussion|talkback/],
  ["related", /related|recommend|popular|most-?read|trending|teaser|more-?(?:stories|news|articles)|outbrain|taboola/],
  ["share", /share|sharing|social|follow|facebook|twitter|tweet|whatsapp|print|email/],
  ["byline", /byline|author|writer|dateline|publish|posted|timestamp|date|time|meta|info|credit/],
  ["navigation", /nav|menu|breadcrumb|crumb|pagination|pager|tabs?\b|toc/],
  ["footer", /footer|copyright|legal|bottom|colophon/],
  ["header", /header|masthead|banner|top-?bar|logo|brand/],
  ["ad", /\bads?\b|advert|sponsor|promo|dfp|gpt|adsense|commercial/],
  ["sidebar", /sidebar|side-bar|widget|rail|aside|column|col-/],
  ["caption", /caption|figure|photo|image|img|gallery|media|video|credit/],
  ["content", /article|content|entry|post|story|body|text|main|blog|hentry|prose/],
  ["title", /title|headline|heading|subhead|standfirst|lede|lead|intro|summary|dek|deck|kicker/],
  ["tags", /tags?\b|categor|topic|keyword|label/],
  ["newsletter", /newsletter|subscri|signup|sign-up|register|login|cookie|consent|gdpr|modal|popup|overlay/],
  ["hidden", /hidden|sr-only|visually-hidden|screen-reader|offscreen/],
];

/** One bit per `VOCABULARY` group that some word of `names` (class and id, space-separated) hits. */
export function vocabularyHits(names: string): number {
  const lower = names.toLowerCase();
  let bits = 0;
  for (let i = 0; i < VOCABULARY.length; i++) {
    if ((VOCABULARY[i] as readonly [string, RegExp])[1].test(lower)) bits |= 1 << i;
  }
  return bits;
}
