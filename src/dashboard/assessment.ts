import { z } from "zod";
import type { JobEvent, JobView } from "./api-types";

/** The SEO and quality checks of a job's kept draft, read from the job or from its assessment events. */
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

function parse(value: unknown): AssessmentView | undefined {
  const direct = AssessmentSchema.safeParse(value);
  if (direct.success) return direct.data;
  if (value && typeof value === "object" && "assessment" in value) {
    const nested = AssessmentSchema.safeParse((value as { assessment: unknown }).assessment);
    if (nested.success) return nested.data;
  }
  return undefined;
}

/** Prefers the assessment whose score is the job's (the best draft, not necessarily the last). */
export function assessmentOf(job: JobView, events: JobEvent[]): AssessmentView | undefined {
  const own = parse(job.assessment);
  if (own) return own;
  const found = events.map((event) => parse(event.data)).filter((a): a is AssessmentView => a !== undefined);
  const overall = job.scores?.overall;
  return found.find((a) => overall !== undefined && a.score === overall) ?? found.at(-1);
}
