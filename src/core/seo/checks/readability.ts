import { fleschReadingEaseOf } from "../flesch";
import { isPassive } from "../passive";
import { TRANSITION_WORDS } from "../transition-words";
import { type CheckResult, result, round1, type SeoContext } from "./result";

export const FLESCH_GOOD = 60;
export const FLESCH_OK = 50;

export function fleschReadingEase({ sentences, sentenceWords }: SeoContext): CheckResult {
  const id = "fleschReadingEase";
  const measured = fleschReadingEaseOf(sentences, sentenceWords);
  if (!measured) return result(id, "problem", null, "There is no readable text to score.", 0);
  const { score } = measured;
  if (score >= FLESCH_GOOD) return result(id, "good", score, `Reading ease is ${score}: easy enough for most readers.`);
  return result(
    id,
    score >= FLESCH_OK ? "improve" : "problem",
    score,
    `Reading ease is ${score} (aim for ${FLESCH_GOOD}+); use shorter sentences and shorter, everyday words.`,
    Math.max(0, score) + 10,
  );
}

const SINGLE = new Set(TRANSITION_WORDS.filter((w) => !w.includes(" ")));
/**
 * Phrases as they are looked for (between spaces), by their first word: a sentence is searched only for the
 * phrases that open with one of its words.
 */
const PHRASES = new Map<string, string[]>();
for (const phrase of TRANSITION_WORDS.filter((w) => w.includes(" "))) {
  const first = phrase.split(" ")[0] ?? "";
  PHRASES.set(first, [...(PHRASES.get(first) ?? []), ` ${phrase} `]);
}

function hasTransition(tokens: string[]): boolean {
  if (tokens.some((t) => SINGLE.has(t))) return true;
  const openings = tokens.filter((t) => PHRASES.has(t));
  if (!openings.length) return false;
  const joined = ` ${tokens.join(" ")} `;
  return openings.some((first) => (PHRASES.get(first) ?? []).some((padded) => joined.includes(padded)));
}

export function transitionWords({ sentenceTokens }: SeoContext): CheckResult {
  const id = "transitionWords";
  const share = sentenceTokens.length
    ? (sentenceTokens.filter((list) => hasTransition(list)).length / sentenceTokens.length) * 100
    : 0;
  const value = round1(share);
  if (share >= 30) return result(id, "good", value, `${value}% of sentences use transition words.`);
  return result(
    id,
    share >= 20 ? "improve" : "problem",
    value,
    `Only ${value}% of sentences use transition words (aim for 30%); link ideas with "however", "for example", "as a result".`,
    40 + share * 2,
  );
}

export function passiveVoice({ sentences, sentenceTokens }: SeoContext): CheckResult {
  const id = "passiveVoice";
  const passive = sentences.filter((_, i) => isPassive(sentenceTokens[i] ?? []));
  const share = sentences.length ? (passive.length / sentences.length) * 100 : 0;
  const value = round1(share);
  if (share <= 10) return result(id, "good", value, `${value}% of sentences are in the passive voice.`);
  return result(
    id,
    share <= 15 ? "improve" : "problem",
    value,
    `${value}% of sentences are passive (keep it at 10% or less); say who does what.`,
    100 - share * 3,
  );
}
