import { z } from "zod";
import { ArticleSchema } from "../core/article/model";
import { articleAsMarkdown } from "../core/assess/article-markdown";
import type { JobEvent, JobView } from "./api-types";

/** What the job page shows of a job's assessment: the kept draft's findings and the SEO checks' request. */
const FindingSchema = z.object({ check: z.string(), severity: z.string(), message: z.string() });
export type FindingView = z.infer<typeof FindingSchema>;

const AssessedSchema = z.object({
  run: z.number(),
  attempt: z.number(),
  findings: z.array(FindingSchema).default([]),
});
const CompletedSchema = z.object({ run: z.number(), bestAttempt: z.number() });
const RequestedSchema = z.object({
  request: z.object({ options: z.object({ targetWords: z.number().optional() }).optional() }),
});

function dataOf<T>(events: JobEvent[], type: string, schema: z.ZodType<T>): T[] {
  return events
    .filter((event) => event.type === type)
    .flatMap((event) => {
      const parsed = schema.safeParse(event.data);
      return parsed.success ? [parsed.data] : [];
    });
}

/** The findings of the draft the job kept (the completion names it), else of the latest assessment. */
export function keptFindings(events: JobEvent[]): FindingView[] {
  const assessed = dataOf(events, "AssessmentCompleted", AssessedSchema);
  const kept = dataOf(events, "ArticleCompleted", CompletedSchema).at(-1);
  const named = kept && assessed.findLast((a) => a.run === kept.run && a.attempt === kept.bestAttempt);
  return (named ?? assessed.at(-1))?.findings ?? [];
}

/**
 * The `POST /v1/analyze/seo` request that re-runs the SEO checks on the kept article, the way the pipeline
 * assessed it (same Markdown view, keyphrase, target length and language), so each check's message can be shown.
 */
export function seoRequestOf(job: JobView, events: JobEvent[]): Record<string, unknown> | undefined {
  const article = ArticleSchema.safeParse(job.article);
  if (!article.success) return undefined;
  const targetWords = dataOf(events, "ArticleRequested", RequestedSchema).at(0)?.request.options?.targetWords;
  return {
    content: articleAsMarkdown(article.data),
    format: "markdown",
    keyphrase: article.data.focusKeyphrase,
    title: article.data.title,
    metaDescription: article.data.metaDescription,
    slug: article.data.slug,
    ...(targetWords ? { targetWords } : {}),
    language: article.data.language,
  };
}
