import { z } from "zod";
import type { JobEvent, JobView } from "./api-types";

/** The SEO and quality checks of a job's kept draft, read from its `AssessmentCompleted` events. */
const SeoCheckSchema = z.object({
  id: z.string(),
  score: z.number(),
  status: z.string().optional(),
  message: z.string().optional(),
});
const QualityCheckSchema = z.object({
  id: z.string(),
  score: z.number(),
  findings: z.array(z.object({ message: z.string(), severity: z.string().optional() })).default([]),
});
const AssessmentSchema = z.object({
  score: z.number().optional(),
  seo: z.object({ score: z.number(), grade: z.string().optional(), checks: z.array(SeoCheckSchema) }),
  quality: z.object({ score: z.number(), checks: z.array(QualityCheckSchema) }),
});
export type AssessmentView = z.infer<typeof AssessmentSchema>;

/** An `AssessmentCompleted` event's data carries the assessment under `assessment`. */
function parse(data: unknown): AssessmentView | undefined {
  const parsed = AssessmentSchema.safeParse(
    data && typeof data === "object" ? (data as { assessment?: unknown }).assessment : undefined,
  );
  return parsed.success ? parsed.data : undefined;
}

const numberField = (data: unknown, name: string) => {
  const value = data && typeof data === "object" ? (data as Record<string, unknown>)[name] : undefined;
  return typeof value === "number" ? value : undefined;
};

/** The kept draft's assessment: the attempt the completion names best, else the job's score, else the last. */
export function assessmentOf(job: JobView, events: JobEvent[]): AssessmentView | undefined {
  const assessed = events
    .filter((event) => event.type === "AssessmentCompleted")
    .map((event) => ({ event, assessment: parse(event.data) }))
    .filter((entry): entry is { event: JobEvent; assessment: AssessmentView } => entry.assessment !== undefined);
  const completion = events.findLast((event) => event.type === "ArticleCompleted");
  const best = numberField(completion?.data, "bestAttempt");
  const run = numberField(completion?.data, "run");
  const named = assessed.findLast(
    ({ event }) => numberField(event.data, "attempt") === best && numberField(event.data, "run") === run,
  );
  const overall = job.scores?.overall;
  const scored = assessed.findLast(({ assessment }) => overall !== undefined && assessment.score === overall);
  return (named ?? scored ?? assessed.at(-1))?.assessment;
}
