import { entities } from "./entities";
import { commonHeadings, subtopics } from "./headings";
import { PageReading } from "./page-words";
import { questionsAsked } from "./questions";
import { fitCompetitors } from "./source-schema";
import { wordCountStats } from "./stats";
import { keyTerms } from "./terms";
import type { CompetitorAnalysis, Source } from "./types";

/**
 * What the pages that rank for a keyword have in common: how long they are, which sections and subtopics they
 * cover, which questions they answer, and which terms and names they use. Only valid sources count; their words
 * come from the run's `reading` where relevance read them already. Cut to the bounds a caller may hand back.
 */
export function analyseCompetitors(
  sources: Source[],
  keyword: string,
  reading = new PageReading(),
): CompetitorAnalysis {
  const pages = sources.filter((source) => source.status === "ok");
  return fitCompetitors({
    pages: pages.length,
    wordCount: wordCountStats(pages.map((page) => page.wordCount)),
    commonHeadings: commonHeadings(pages),
    subtopics: subtopics(pages, keyword),
    questions: questionsAsked(pages),
    keyTerms: keyTerms(pages, keyword, undefined, reading),
    entities: entities(pages),
  });
}
