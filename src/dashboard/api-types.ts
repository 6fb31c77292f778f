import { z } from "zod";

/**
 * The dashboard's view of the public API's JSON. Lenient on purpose: the dashboard is one client among
 * many, so it reads the fields it shows and ignores the rest rather than breaking on an added field.
 */
export const JobStatusSchema = z.enum(["queued", "researching", "writing", "completed", "failed"]);
export type JobStatus = z.infer<typeof JobStatusSchema>;
export const JOB_STATUSES = JobStatusSchema.options;

const ScoresSchema = z.object({ seo: z.number(), quality: z.number(), overall: z.number() }).partial();

export const JobSummarySchema = z.object({
  id: z.string(),
  keyword: z.string(),
  status: z.string(),
  stage: z.string().nullish(),
  attempts: z.number().nullish(),
  scores: ScoresSchema.nullish(),
  passed: z.boolean().nullish(),
  error: z.object({ code: z.string(), message: z.string() }).nullish(),
  createdAt: z.string(),
  updatedAt: z.string().nullish(),
});
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const JobSourceSchema = z.object({
  url: z.string(),
  finalUrl: z.string().nullish(),
  status: z.string(),
  reason: z.string().nullish(),
  detail: z.string().nullish(),
  title: z.string().nullish(),
  wordCount: z.number().nullish(),
  relevance: z.number().nullish(),
  cache: z.string().nullish(),
});
export type JobSource = z.infer<typeof JobSourceSchema>;

export const UsageSchema = z.object({
  calls: z.number().nullish(),
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  costUsd: z.number().nullish(),
});

export const SeoReportSchema = z.object({
  score: z.number(),
  grade: z.string().optional(),
  checks: z.array(z.object({ id: z.string(), score: z.number(), status: z.string(), message: z.string() })),
});
export type SeoReportView = z.infer<typeof SeoReportSchema>;

export const FindingSchema = z.object({ check: z.string(), severity: z.string(), message: z.string() });
export type FindingView = z.infer<typeof FindingSchema>;

export const JobViewSchema = JobSummarySchema.extend({
  article: z.looseObject({ title: z.string(), wordCount: z.number().nullish(), kind: z.string().nullish() }).nullish(),
  /** The kept draft's assessment as the pipeline made it: SEO checks with their messages, and findings. */
  assessment: z.object({ seo: SeoReportSchema.optional(), findings: z.array(FindingSchema).optional() }).nullish(),
  sources: z.array(JobSourceSchema).nullish(),
  usage: UsageSchema.nullish(),
});
export type JobView = z.infer<typeof JobViewSchema>;

export const JobPageSchema = z.object({
  data: z.array(JobSummarySchema),
  nextCursor: z.string().nullish(),
});
export type JobPage = z.infer<typeof JobPageSchema>;

export const JobEventSchema = z.object({
  type: z.string(),
  version: z.number(),
  time: z.string().nullish(),
  data: z.unknown().optional(),
});
export type JobEvent = z.infer<typeof JobEventSchema>;

export const JobEventsSchema = z.object({ data: z.array(JobEventSchema) }).transform((body) => body.data);

export const TenantTotalsSchema = z.object({
  jobs: z.number(),
  completions: z.number(),
  failures: z.number(),
  averageSeoScore: z.number().nullable(),
  averageQualityScore: z.number().nullable(),
  views: z.number().optional(),
  ratings: z.object({ count: z.number(), average: z.number().nullable() }).optional(),
});
export type TenantTotals = z.infer<typeof TenantTotalsSchema>;

export const TenantSchema = z.object({ id: z.string(), name: z.string(), plan: z.string().nullish() });
export type TenantInfo = z.infer<typeof TenantSchema>;

export const CreatedJobSchema = z.object({ id: z.string(), status: z.string().optional() });

export const ProblemSchema = z.object({
  status: z.number(),
  title: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
});
export type ApiProblem = z.infer<typeof ProblemSchema>;
