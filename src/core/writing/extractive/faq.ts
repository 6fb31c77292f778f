import type { CompetitorAnalysis, Source } from "../../research/types";
import { jaccard } from "../../text/similarity";
import { topicTerms } from "../../text/tokens";
import { selectSentences } from "./select";
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
}

function questionsFound(sources: Source[], sentences: Sentence[], competitors?: CompetitorAnalysis): Question[] {
  return [
    ...(competitors?.questions ?? []).map((q) => ({ text: q.text, sourceId: q.sources[0] })),
    ...sources.flatMap((s) =>
      s.headings.filter((h) => h.text.trim().endsWith("?")).map((h) => ({ text: h.text, sourceId: s.id })),
    ),
    ...sentences
      .filter((s) => s.text.endsWith("?") && s.words >= 4 && s.words <= 20)
      .map((s) => ({ text: s.text, sourceId: s.sourceId, position: s.position })),
  ]
    .map((q) => ({ ...q, text: q.text.replace(/\s+/g, " ").trim() }))
    .filter((q) => q.text.length <= 300);
}

/** The sentences right after where a question appears in its source: the source's own answer. */
function followingSentences(question: Question, source: Source | undefined, bySource: Map<number, Sentence[]>) {
  if (question.sourceId === undefined || !source) return [];
  let from = question.position;
  if (from === undefined) {
    const at = source.text.indexOf(question.text);
    if (at < 0) return [];
    const paragraph = source.paragraphs.findIndex((p) => source.text.indexOf(p.slice(0, 60)) > at);
    const first = bySource.get(source.id)?.find((s) => source.paragraphs[paragraph]?.includes(s.text.slice(0, 40)));
    from = first ? first.position - 1 : undefined;
  }
  if (from === undefined) return [];
  const start = from;
  return (bySource.get(source.id) ?? []).filter(
    (s) => s.position > start && s.position <= start + 3 && !s.text.endsWith("?"),
  );
}

/** FAQ entries from questions the sources ask or answer, each answered by cited source sentences. */
export function extractFaq(
  sources: Source[],
  sentences: Sentence[],
  keyword: string,
  count: number,
  used: Set<Sentence>,
  competitors?: CompetitorAnalysis,
): ExtractedFaq[] {
  const bySource = new Map<number, Sentence[]>();
  for (const s of sentences) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  const keywordTerms = topicTerms(keyword);
  const entries: ExtractedFaq[] = [];
  const questions = questionsFound(sources, sentences, competitors).sort(
    (a, b) => jaccard(topicTerms(b.text), keywordTerms) - jaccard(topicTerms(a.text), keywordTerms),
  );
  for (const question of questions) {
    if (entries.length >= count) break;
    const terms = topicTerms(question.text);
    if (terms.length === 0 || entries.some((e) => jaccard(topicTerms(e.question), terms) > 0.5)) continue;
    const following = followingSentences(
      question,
      sources.find((s) => s.id === question.sourceId),
      bySource,
    )
      .filter((s) => !used.has(s))
      .slice(0, 2);
    for (const s of following) used.add(s);
    const answer = following.length
      ? following
      : selectSentences(sentences, { query: [...terms, ...keywordTerms], wordQuota: 45, used, maxSentences: 2 });
    if (answer.length) entries.push({ question: question.text, answer });
  }
  for (const text of fallbackQuestions(keyword)) {
    if (entries.length >= Math.min(count, 3)) break;
    const answer = selectSentences(sentences, {
      query: [...topicTerms(text), ...keywordTerms],
      wordQuota: 45,
      used,
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
