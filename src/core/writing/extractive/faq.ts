import type { CompetitorAnalysis, Source } from "../../research/types";
import { addressesAModel } from "../../text/model-voice";
import { jaccard } from "../../text/similarity";
import { topicTerms } from "../../text/tokens";
import { nearDuplicate, selectSentences } from "./select";
import type { Sentence } from "./sentences";

export interface ExtractedFaq {
  question: string;
  answer: Sentence[];
}

interface Question {
  text: string;
  sourceId?: number;
  /** The question's own position when it is a sentence of the source: the answer follows it. */
  position?: number;
  /** Where the question stands in the source's text, when it is worded there differently (a heading). */
  anchor?: string;
  /**
   * The heading its answer sits under in its source: the question itself when it is a heading, else the heading
   * the question sentence sits under ("" when none). An answer never runs on under the next heading.
   */
  under?: string;
}

/**
 * A heading that asks something without its question mark ("Can you compost meat", "How to fix a smelly pile",
 * "When to plant"), as a well-formed question; a noun clause ("How compost works") is not one.
 */
const ASKS =
  /^(?:(?:how(?:\s+(?:much|many|long|often))?|what|why|when|where|which|who)\s+(?:do|does|did|is|are|was|were|can|could|should|will|would)|(?:can|could|should|do|does|did|is|are|will))\s+\S+/i;
const TO_INFINITIVE = /^(how|what|why|when|where|which)\s+to\s+(\S.*)$/i;

function headingQuestion(text: string): string | undefined {
  const bare = text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(?<![.:;!…])[.:;!…]+$/, "");
  const infinitive = TO_INFINITIVE.exec(bare);
  if (infinitive)
    return `${infinitive[1]} ${/^how$/i.test(infinitive[1] ?? "") ? "do" : "should"} you ${infinitive[2]}?`;
  return ASKS.test(bare) ? `${bare}?` : undefined;
}

/**
 * A question as a reader would ask it: a wh-word with its auxiliary close behind ("What size should a bed be?",
 * "How long does it take?", the auxiliary before its subject) or an auxiliary first ("Can I …?"). A heading the
 * research took for a question because it starts with "What" ("What raised bed soil has to do", "What an
 * emergency fund is") is a noun clause, not a question.
 */
const QUESTION_FORM =
  /^(?:(?:how(?:\s+(?:much|many|long|often|big|deep|wide|tall|far))?|what|why|when|where|which|who)(?:\s+[\p{L}'’-]+){0,2}?\s+(?:do|does|did|is|are|was|were|can|could|should|will|would|has|have)\s+(?!to\b)\S|(?:can|could|should|do|does|did|is|are|will|has|have)\s+\S+)/iu;

/** A question the sources ask in these very words, or one worded as a question. */
function wellFormed(question: string, sources: Source[]): boolean {
  return QUESTION_FORM.test(question) || sources.some((s) => s.text.includes(question));
}

function questionsFound(sources: Source[], sentences: Sentence[], competitors?: CompetitorAnalysis): Question[] {
  const headingOf = (text: string, sourceId: number | undefined) =>
    sources
      .find((s) => s.id === sourceId)
      ?.headings.find((h) => h.text.trim() === text.trim())
      ?.text.trim();
  return [
    ...(competitors?.questions ?? [])
      .filter((q) => wellFormed(q.text, sources))
      .map((q) => {
        const under = headingOf(q.text, q.sources[0]);
        return { text: q.text, sourceId: q.sources[0], ...(under ? { under } : {}) };
      }),
    ...sources.flatMap((s) =>
      s.headings
        .filter((h) => h.text.trim().endsWith("?"))
        .map((h) => ({ text: h.text, sourceId: s.id, under: h.text.trim() })),
    ),
    ...sources.flatMap((s) =>
      s.headings.flatMap((h) => {
        const text = h.text.trim().endsWith("?") ? undefined : headingQuestion(h.text);
        return text ? [{ text, sourceId: s.id, anchor: h.text.trim(), under: h.text.trim() }] : [];
      }),
    ),
    ...sentences
      .filter((s) => s.text.endsWith("?") && s.words >= 4 && s.words <= 20)
      .map((s) => ({ text: s.text, sourceId: s.sourceId, position: s.position, under: s.under ?? "" })),
  ]
    .map((q) => ({ ...q, text: q.text.replace(/\s+/g, " ").trim() }))
    .filter((q) => q.text.length <= 300 && standsAlone(q.text) && !addressesAModel(q.text));
}

/**
 * A question a reader can ask out of its page: a few words at least ("How deep?" and "How much?" follow another
 * question), and not one whose subject is only a pronoun or "which" ("How wide should it be?", "Which should you
 * choose?") with nothing in it saying what it is about.
 */
function standsAlone(question: string): boolean {
  const words = question.split(/\s+/).length;
  if (words < 4) return false;
  const terms = topicTerms(question);
  const pointing =
    /\b(it|its|they|them|this|these|those|that one)\b/i.test(question) ||
    /^which\s+(?:should|do|does|is|are|can|would|will)\b/i.test(question);
  return !pointing || terms.length >= 3;
}

/** The sentences right after where a question appears in its source: the source's own answer. */
function followingSentences(question: Question, source: Source | undefined, bySource: Map<number, Sentence[]>) {
  if (question.sourceId === undefined || !source) return [];
  let from = question.position;
  if (from === undefined) {
    const at = source.text.indexOf(question.anchor ?? question.text);
    if (at < 0) return [];
    const paragraph = source.paragraphs.findIndex((p) => source.text.indexOf(p.slice(0, 60)) > at);
    const first = bySource.get(source.id)?.find((s) => source.paragraphs[paragraph]?.includes(s.text.slice(0, 40)));
    from = first ? first.position - 1 : undefined;
  }
  if (from === undefined) return [];
  const start = from;
  const answer: Sentence[] = [];
  for (const s of bySource.get(source.id) ?? []) {
    if (s.position <= start) continue;
    // The answer ends at the next question, the next heading or three sentences on, whichever comes first.
    if (s.position > start + 3 || s.text.endsWith("?")) break;
    if (question.under !== undefined && (s.under ?? "") !== question.under) break;
    answer.push(s);
  }
  return answer;
}

/**
 * FAQ entries from questions the sources ask (as sentences or headings) or headings worded as questions, each
 * answered by cited source sentences: the ones that follow it in its source, else the most relevant ones.
 */
export function extractFaq(
  sources: Source[],
  sentences: Sentence[],
  keyword: string,
  count: number,
  used: Set<Sentence>,
  competitors?: CompetitorAnalysis,
): ExtractedFaq[] {
  const bySource = new Map<number, Sentence[]>();
  for (const s of sentences) {
    const list = bySource.get(s.sourceId);
    if (list) list.push(s);
    else bySource.set(s.sourceId, [s]);
  }
  const keywordTerms = topicTerms(keyword);
  // One set for every comparison, so each sentence's own terms are worked out once (see `nearDuplicate`).
  const common = new Set(keywordTerms);
  const entries: ExtractedFaq[] = [];
  // Each question's closeness to the keyword, worked out once rather than in every comparison of the sort.
  const closeness = new Map<string, number>();
  const close = (text: string) => {
    let value = closeness.get(text);
    if (value === undefined) {
      value = jaccard(topicTerms(text), keywordTerms);
      closeness.set(text, value);
    }
    return value;
  };
  // Questions the sources ask come before headings worded as questions; each group closest to the keyword first.
  const questions = questionsFound(sources, sentences, competitors).sort(
    (a, b) => Number(a.anchor !== undefined) - Number(b.anchor !== undefined) || close(b.text) - close(a.text),
  );
  for (const question of questions) {
    if (entries.length >= count) break;
    const terms = topicTerms(question.text);
    if (terms.length === 0 || entries.some((e) => jaccard(topicTerms(e.question), terms) > 0.5)) continue;
    // A heading's question is answered only by sentences on what it asks about, beyond the keyword.
    const own = question.anchor === undefined ? [] : terms.filter((t) => !keywordTerms.includes(t));
    if (question.anchor !== undefined && own.length === 0) continue;
    // An answer the article already quotes (alone or inside a longer passage) is not quoted again, nor a
    // sentence twice in one answer: of a sentence and the passage that joins it to the next, the passage.
    const following: Sentence[] = [];
    for (const s of followingSentences(
      question,
      sources.find((s) => s.id === question.sourceId),
      bySource,
    )) {
      if (used.has(s) || nearDuplicate(s, used, common)) continue;
      const same = following.findIndex((other) => nearDuplicate(s, [other], common));
      if (same < 0) following.push(s);
      else if (s.words > (following[same]?.words ?? 0)) following[same] = s;
    }
    following.splice(2);
    for (const s of following) used.add(s);
    const answer = following.length
      ? following
      : selectSentences(sentences, {
          query: [...terms, ...keywordTerms],
          wordQuota: 45,
          used,
          common: keywordTerms,
          maxSentences: 2,
          ...(own.length ? { anyOf: own } : {}),
        });
    if (answer.length) entries.push({ question: question.text, answer });
  }
  // Only when the sources ask nothing answerable: the questions any reader of a topic asks.
  for (const text of entries.length ? [] : fallbackQuestions(keyword)) {
    if (entries.length >= Math.min(count, 3)) break;
    const answer = selectSentences(sentences, {
      query: [...topicTerms(text), ...keywordTerms],
      wordQuota: 45,
      used,
      common: keywordTerms,
      maxSentences: 2,
    });
    if (answer.length) entries.push({ question: text, answer });
  }
  return entries;
}

/** Questions every reader of a topic asks, used when the sources pose too few of their own. */
function fallbackQuestions(keyword: string): string[] {
  return [`What is ${keyword}?`, `Why does ${keyword} matter?`, `How does ${keyword} work?`];
}
