import type { FetchOutcome } from "../ports/fetcher";
import { extractPage } from "./extract";
import { fitSource } from "./source-schema";
import type { ExtractedPage, SearchResult, Source } from "./types";
import { invalidReason, type ValidityRules } from "./validity";

/**
 * A search result read into a Source: failed (with the fetch's reason), invalid (with the rule it broke) or ok;
 * cut to the bounds of the source schema (`fitSource`), so that the report it goes into reads back.
 */
export function toSource(
  id: number,
  result: SearchResult,
  outcome: FetchOutcome,
  rules: ValidityRules,
  extracted?: ExtractedPage,
): Source {
  return fitSource(readSource(id, result, outcome, rules, extracted));
}

function readSource(
  id: number,
  result: SearchResult,
  outcome: FetchOutcome,
  rules: ValidityRules,
  extracted?: ExtractedPage,
): Source {
  const base = { id, url: result.url, snippet: result.snippet || undefined };
  if (!outcome.ok) {
    return { ...base, ...empty(result.title), status: "failed", reason: outcome.reason, detail: outcome.detail };
  }
  let page: ExtractedPage;
  try {
    page = extracted ?? extractPage(outcome.html, outcome.finalUrl);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      ...empty(result.title),
      finalUrl: outcome.finalUrl,
      status: "failed",
      reason: "extraction_failed",
      detail,
    };
  }
  const content = {
    ...base,
    finalUrl: outcome.finalUrl,
    fetchedAt: outcome.fetchedAt,
    title: page.title || result.title,
    metaDescription: page.metaDescription,
    language: page.language,
    publishedAt: page.publishedAt,
    siteName: page.siteName,
    wordCount: page.wordCount,
    headings: page.headings,
    paragraphs: page.paragraphs,
    text: page.text,
    links: page.links,
  };
  const invalid = invalidReason(page, rules);
  return invalid ? { ...content, status: "invalid", ...invalid } : { ...content, status: "ok" };
}

function empty(title: string) {
  return { title, wordCount: 0, headings: [], paragraphs: [], text: "" };
}
