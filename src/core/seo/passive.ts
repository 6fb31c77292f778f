const BE = new Set([
  "am",
  "is",
  "are",
  "was",
  "were",
  "be",
  "been",
  "being",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "get",
  "gets",
  "got",
  "gotten",
  "getting",
]);
/** Adverbs that may sit between the auxiliary and the participle ("was quickly approved"). */
const BETWEEN = /^(?:not|never|also|often|always|usually|still|already|quickly|widely|rarely|then|now|just|\p{L}+ly)$/u;
/** Common irregular past participles; regular ones end in -ed. */
const IRREGULAR = new Set(
  `arisen awoken beaten become begun bent bet bid bitten blown broken brought built burnt bought caught chosen come
cost crept cut dealt dug done drawn dreamt driven drunk eaten fallen fed felt fought found fled flown forbidden
forgotten forgiven frozen given gone ground grown hung heard hidden hit held hurt kept knelt known laid led lent let
lain lit lost made meant met paid put quit read ridden rung risen run said seen sought sold sent set shaken shed
shot shown shut sung sunk sat slept slid spoken spent spun spread stood stolen stuck stung struck sworn swept swum
taken taught torn told thought thrown understood woken worn won wound written`.split(/\s+/),
);
/** -ed words that, after "be", are almost always adjectives ("is interested" still reads as passive, so few). */
const ADJECTIVES_IN_ED = new Set([
  "tired",
  "bored",
  "excited",
  "interested",
  "worried",
  "pleased",
  "married",
  "supposed",
  "used",
  "based",
  "related",
  "sophisticated",
  "detailed",
  "advanced",
  "red",
  "bed",
  "need",
  "seed",
  "feed",
  "speed",
  "indeed",
  "hundred",
  "shed",
  "wed",
]);

function isParticiple(word: string): boolean {
  return IRREGULAR.has(word) || (/[a-z]{2}ed$/.test(word) && !ADJECTIVES_IN_ED.has(word));
}

/**
 * A sentence, given as its words normalised (see `words`, `normalizeWord`), is passive when a form of "be" (or
 * "get") is followed, maybe after adverbs, by a past participle.
 */
export function isPassive(tokens: string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (!BE.has(tokens[i] ?? "")) continue;
    let j = i + 1;
    while (j < tokens.length && j <= i + 2 && BETWEEN.test(tokens[j] ?? "") && !isParticiple(tokens[j] ?? "")) j++;
    if (isParticiple(tokens[j] ?? "")) return true;
  }
  return false;
}
