/**
 * Yoast's content analysis run directly in Node: Paper + English Researcher + the SEO and content assessors,
 * without the web worker wrapper. Bench-only (GPL-3.0 devDependency).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface YoastAssessmentResult {
  _identifier: string;
  score: number;
  text?: string;
}
interface YoastAssessor {
  assess(paper: unknown): void;
  getValidResults(): YoastAssessmentResult[];
}

export interface YoastResult {
  ratings: Record<string, "good" | "ok" | "bad">;
  texts: Record<string, string>;
  flesch?: number;
}

/** Yoast assessment ids → ours, for the checks both have. */
export const YOAST_TO_OURS: Record<string, string> = {
  keyphraseInSEOTitle: "titleKeyphrase",
  titleWidth: "titleLength",
  metaDescriptionLength: "metaDescriptionLength",
  metaDescriptionKeyword: "metaDescriptionKeyphrase",
  slugKeyword: "slugKeyphrase",
  introductionKeyword: "introductionKeyphrase",
  keyphraseDensity: "keyphraseDensity",
  subheadingsKeyword: "subheadingKeyphrase",
  singleH1: "singleH1",
  textLength: "textLength",
  textParagraphTooLong: "paragraphLength",
  textSentenceLength: "sentenceLength",
  textTransitionWords: "transitionWords",
  passiveVoice: "passiveVoice",
  externalLinks: "outboundLinks",
  internalLinks: "internalLinks",
};

const yoast = require("yoastseo") as {
  Paper: new (text: string, attributes: Record<string, unknown>) => unknown;
  SeoAssessor: new (researcher: unknown) => YoastAssessor;
  ContentAssessor: new (researcher: unknown) => YoastAssessor;
};
const researcherModule = require("yoastseo/build/languageProcessing/languages/en/Researcher.js") as {
  default: new (paper: unknown) => { getResearch(name: string): unknown };
};

/** Yoast's own score → rating interpreter: ≤ 4 bad, 5–7 ok, ≥ 8 good. */
function rating(score: number): "good" | "ok" | "bad" {
  return score <= 4 ? "bad" : score <= 7 ? "ok" : "good";
}

export function yoastAnalyse(page: {
  html: string;
  keyphrase: string;
  title: string;
  metaDescription: string;
  slug: string;
  titleWidth: number;
  url: string;
}): YoastResult {
  const paper = new yoast.Paper(page.html, {
    keyword: page.keyphrase,
    title: page.title,
    description: page.metaDescription,
    slug: page.slug,
    titleWidth: page.titleWidth,
    permalink: page.url,
    locale: "en_US",
  });
  const researcher = new researcherModule.default(paper);
  const ratings: YoastResult["ratings"] = {};
  const texts: YoastResult["texts"] = {};
  for (const Assessor of [yoast.SeoAssessor, yoast.ContentAssessor]) {
    const assessor = new Assessor(researcher);
    assessor.assess(paper);
    for (const result of assessor.getValidResults()) {
      if (!result.score) continue; // 0 is Yoast's "feedback only"
      ratings[result._identifier] = rating(result.score);
      texts[result._identifier] = (result.text ?? "").replace(/<[^>]+>/g, "").slice(0, 160);
    }
  }
  const flesch = researcher.getResearch("getFleschReadingScore") as { score?: number } | undefined;
  return { ratings, texts, flesch: typeof flesch?.score === "number" ? flesch.score : undefined };
}
