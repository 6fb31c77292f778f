/** Common English function words: they carry no topic, so keyphrase matching and overlap measures skip them. */
export const stopwords: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for
from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most mustn't my myself no nor
not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were
weren't what what's when when's where where's which while who who's whom why why's will with won't would wouldn't
you you'd you'll you're you've your yours yourself yourselves via per vs etc`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words that say nothing about a page's topic: the function words above, generic verbs and quantifiers, and the
 * furniture of web pages. Term extraction, relevance and topicality skip them.
 */
const noiseWords: ReadonlySet<string> = new Set([
  ...stopwords,
  ...`even ever every get gets getting got however like made make makes many may might much must need needs new now
often one others perhaps quite rather really said say says see seen shall since still though thus two upon us
use used using way ways well whatever whether whose within without yes yet click read share comment comments
reply posted updated published menu home page subscribe newsletter cookie cookies privacy policy terms login
sign`.split(/\s+/),
]);

const folded = (word: string) => {
  const lower = word.toLowerCase();
  return lower.includes("’") ? lower.replace(/’/g, "'") : lower;
};

export function isStopword(word: string): boolean {
  return stopwords.has(folded(word));
}

export function isNoiseWord(word: string): boolean {
  return noiseWords.has(folded(word));
}
