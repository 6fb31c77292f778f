import type { JobSummary } from "./api-types";

/** What the analytics page shows; built from the tenant's jobs, then refined by `/v1/analytics`. */
export interface AnalyticsView {
  totals: { jobs: number; completed: number; failed: number; running: number };
  averages: { overall?: number; seo?: number; quality?: number };
  perDay: { date: string; count: number }[];
  failureReasons: { reason: string; count: number }[];
  /** True when more jobs exist than the page read, so the figures cover only the newest ones. */
  truncated: boolean;
}

export const DAYS_SHOWN = 14;

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((sum, value) => sum + value, 0) / values.length) : undefined;

function lastDays(today: Date, days: number): string[] {
  const out: string[] = [];
  for (let back = days - 1; back >= 0; back--) {
    out.push(new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10));
  }
  return out;
}

export function analyticsFromJobs(jobs: JobSummary[], today: Date, truncated: boolean): AnalyticsView {
  const counts = new Map(lastDays(today, DAYS_SHOWN).map((day) => [day, 0]));
  const reasons = new Map<string, number>();
  for (const job of jobs) {
    const day = job.createdAt.slice(0, 10);
    if (counts.has(day)) counts.set(day, (counts.get(day) ?? 0) + 1);
    if (job.status === "failed") {
      const reason = job.error?.code ?? "unknown";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const scored = jobs.filter((job) => job.scores);
  const pick = (key: "overall" | "seo" | "quality") =>
    mean(scored.map((job) => job.scores?.[key]).filter((v): v is number => typeof v === "number"));
  return {
    totals: {
      jobs: jobs.length,
      completed: jobs.filter((job) => job.status === "completed").length,
      failed: jobs.filter((job) => job.status === "failed").length,
      running: jobs.filter((job) => job.status !== "completed" && job.status !== "failed").length,
    },
    averages: { overall: pick("overall"), seo: pick("seo"), quality: pick("quality") },
    perDay: [...counts].map(([date, count]) => ({ date, count })),
    failureReasons: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    truncated,
  };
}
