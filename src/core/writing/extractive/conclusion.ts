import type { ArticleOptions } from "../../article/options";
import { cosine, termBag } from "../../text/cosine";
import { topicTerms } from "../../text/tokens";
import { keyPointLine, passageKind, summarySentence } from "./framing";
import type { Sentence } from "./sentences";
import { quote } from "./templates";

/** A passage that weighs against something ("The main downsides are cost and water."): never a key point. */
const AGAINST =
  /\b(but|however|although|though|downsides?|drawbacks?|disadvantages?|not worth|waste|worse|worst|fails?|failure|overrated|costly|expensive|risky)\b/i;
/** A passage that warns or negates: a key point only when a section has no plain statement to offer. */
const WARNING = /\b(not|no|never|don't|doesn't|isn't|aren't|can't|cannot|won't|avoid|mistakes?|problems?|wrong)\b/i;
/** Advice is what a reader takes away from a brief: it is preferred as a section's key point. */
const ADVICE_BONUS = 0.3;
/** A passage its source files under a heading like the section's speaks to the section's very point. */
const FILED_UNDER = 0.3;
/** A key point is read at a glance (longer passages stay in their section) and says something whole: a short
 * lead-in ("A special case is contaminated soil.") introduces a point rather than making one. */
const KEY_POINT_WORDS = 35;
const KEY_POINT_MIN_WORDS = 10;

/**
 * The passage that best sums a section up, for the conclusion: of its passages of 10 to 35 words that argue
 * against nothing,
 * the one closest to its heading and to the section's other passages (cosine over topical terms without the
 * keyword's), one its source files under a heading like the section's before others, advice a little before a
 * statement, and a plain statement before a warning. None when every passage is long or weighs against something.
 */
export function keyPassage(quotes: Sentence[], heading: string, keyword: string): Sentence | undefined {
  const own = new Set(topicTerms(keyword));
  const bags = quotes.map((s) => termBag(s.tokens.filter((t) => !own.has(t))));
  const headingBag = termBag(topicTerms(heading).filter((t) => !own.has(t)));
  let best: Sentence | undefined;
  let bestValue = Number.NEGATIVE_INFINITY;
  quotes.forEach((sentence, i) => {
    if (sentence.words > KEY_POINT_WORDS || sentence.words < KEY_POINT_MIN_WORDS || AGAINST.test(sentence.text)) return;
    const bag = bags[i] as Map<string, number>;
    let together = 0;
    bags.forEach((other, j) => {
      if (j !== i) together += cosine(bag, other);
    });
    const filed = sentence.under ? topicTerms(sentence.under).some((t) => headingBag.has(t)) : false;
    const value =
      cosine(bag, headingBag) +
      (filed ? FILED_UNDER : 0) +
      together / Math.max(1, quotes.length - 1) +
      (passageKind(sentence.text) === "advice" ? ADVICE_BONUS : 0) -
      (WARNING.test(sentence.text) ? 1 : 0);
    if (value > bestValue) {
      best = sentence;
      bestValue = value;
    }
  });
  return best;
}

/**
 * Each section's key point, for the conclusion: taken out of a section that keeps more than `keep` passages
 * without it, so no passage is quoted twice. A heading with a figure is never named in a framing sentence, so its
 * key point could not be introduced: it keeps its passages.
 */
export function takeKeyPoints(
  sections: { heading: string; quotes: Sentence[] }[],
  keyword: string,
  keep: number,
): { heading: string; sentence: Sentence }[] {
  return sections.flatMap((section) => {
    if (section.quotes.length <= keep || /\d/.test(section.heading)) return [];
    const key = keyPassage(section.quotes, section.heading, keyword);
    if (!key) return [];
    section.quotes = section.quotes.filter((q) => q !== key);
    return [{ heading: section.heading, sentence: key }];
  });
}

/**
 * The conclusion: a sentence naming what the sections covered, then each section's key point, introduced by the
 * section and the source that makes it (`name`, as the article names it there) and quoted with its citation. It
 * sums up; it never argues (see `keyPassage`).
 */
export function conclusionBody(
  headings: string[],
  keyPoints: { heading: string; name: string; sentence: Sentence }[],
  keyword: string,
  options: Pick<ArticleOptions, "language" | "tone">,
): string {
  const summary =
    summarySentence(headings, options) || `The passages above set out what the sources say about ${keyword}.`;
  const points = keyPoints.map(({ heading, name, sentence }) =>
    [keyPointLine(heading, name, options), quote(sentence.text, sentence.sourceId)].filter(Boolean).join(" "),
  );
  return [summary, ...points].join("\n\n");
}
