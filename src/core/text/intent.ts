import { foldWord, topicTerms } from "./tokens";

/**
 * Words that say what kind of page the searcher wants ("… faq", "… tips", "… for beginners", "best …"), not what
 * it is about: an article on "sourdough starter tips" is about sourdough starters, and its prose need not say
 * "tips". Such a word is neither required of the prose nor taken for the keyword's head, unless the keyword is
 * nothing else. Folded forms (see `foldWord`).
 */
const INTENT_WORDS = new Set(
  [
    "faq",
    "guide",
    "tip",
    "tutorial",
    "explained",
    "beginner",
    "overview",
    "basic",
    "checklist",
    "idea",
    "example",
    "review",
    "best",
    "top",
    "ultimate",
    "complete",
    "easy",
    "simple",
    "quick",
  ].map((word) => foldWord(word)),
);

/** How a page's block of questions is named: "FAQ(s)", "frequently asked questions", "questions and answers", "Q&A". */
const FAQ_NAME = String.raw`faqs?|frequently[\s-]+asked[\s-]+questions?|questions?[\s-]+(?:and|&)[\s-]+answers?|q\s*&\s*a`;

/**
 * Phrases that ask for a page of questions, read as the intent word "faq": "emergency fund frequently asked
 * questions" is about emergency funds, and its head is not "questions".
 */
const FAQ_PHRASES = new RegExp(String.raw`\b(?:${FAQ_NAME})(?![\p{L}\p{N}])`, "giu");
const FAQ_LABEL = new RegExp(`^(?:${FAQ_NAME}|common questions)$`, "i");

/** Whether a heading or subtopic label names a page's FAQ block ("FAQ", "Frequently asked questions", "Q&A"). */
export function isFaqLabel(label: string): boolean {
  return FAQ_LABEL.test(
    label
      .trim()
      .replace(/(?<![\s:.!?])[\s:.!?]+$/u, "")
      .replace(/\s+/g, " "),
  );
}

/**
 * A term's agent noun as terms are folded ("gardener" of "garden"): a text that says only it ("a guide for
 * gardeners") is partly about the term, and relevance and topicality count it at `AGENT_NOUN_WEIGHT`.
 */
export const agentNoun = (term: string): string => `${term}er`;
export const AGENT_NOUN_WEIGHT = 0.5;

/** The keyword's topical terms in order (repeats kept) without its search-intent words (all of them when it has nothing else). */
export function keywordTopicTerms(keyword: string): string[] {
  const terms = topicTerms(keyword.replace(FAQ_PHRASES, " faq ").replace(/[-‐‑–]/g, " "));
  const topical = terms.filter((term) => !INTENT_WORDS.has(term));
  return topical.length ? topical : terms;
}

/** Languages whose noun phrases put the head first ("fonds d'urgence"); elsewhere it comes last ("emergency fund"). */
const HEAD_FIRST = new Set(["fr", "es", "pt", "it", "ro", "ca"]);

/**
 * The term a keyword is about, of its topical terms (see `keywordTopicTerms`): the last in English ("rewards" in
 * "credit card rewards"), the first in head-first languages. A text that never uses it is about a neighbour that
 * shares the modifiers, so relevance and topicality never excuse it.
 */
export function headTerm(terms: string[], language = "en"): string {
  const primary = language.split("-")[0]?.toLowerCase() ?? "";
  return (HEAD_FIRST.has(primary) ? terms[0] : terms.at(-1)) ?? "";
}
