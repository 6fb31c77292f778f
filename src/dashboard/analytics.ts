import type { JobSummary, TenantTotals } from "./api-types";

/**
 * What the analytics page shows: the tenant's totals and average scores from `/v1/analytics`, and the
 * per-day counts and failure reasons, which that endpoint does not break down, from the newest jobs.
 */
export interface AnalyticsView {
  /** Jobs; runs completed and failed (a regeneration is a run of its own); jobs in progress, of those read. */
  totals: { jobs: number; completed: number; failed: number; running: number; views?: number };
  averages: { overall?: number; seo?: number; quality?: number };
  rating?: { count: number; average: number | null };
  perDay: { date: string; count: number }[];
  failureReasons: { reason: string; count: number }[];
  /** True when more jobs exist than were read, so per-day counts and reasons cover only the newest ones. */
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

/** `failureCodes` maps a failed job's id to its error code, for the failed jobs that were looked up. */
export function analyticsOf(input: {
  totals?: TenantTotals;
  jobs: JobSummary[];
  failureCodes: Map<string, string>;
  today: Date;
  truncated: boolean;
}): AnalyticsView {
  const { totals, jobs, failureCodes, today, truncated } = input;
  const counts = new Map(lastDays(today, DAYS_SHOWN).map((day) => [day, 0]));
  const reasons = new Map<string, number>();
  for (const job of jobs) {
    const day = job.createdAt.slice(0, 10);
    if (counts.has(day)) counts.set(day, (counts.get(day) ?? 0) + 1);
    if (job.status === "failed") {
      const reason = job.error?.code ?? failureCodes.get(job.id) ?? "not looked up";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const average = (key: "overall" | "seo" | "quality") =>
    mean(jobs.map((job) => job.scores?.[key]).filter((value): value is number => typeof value === "number"));
  const count = (status: string) => jobs.filter((job) => job.status === status).length;
  const all = totals?.jobs ?? jobs.length;
  const completed = totals?.completions ?? count("completed");
  const failed = totals?.failures ?? count("failed");
  // The totals count runs (a regenerated job completes twice), so jobs in progress are counted by their status,
  // of the jobs read: jobs less completions and failures would hide a regenerating job.
  const running = jobs.filter((job) => job.status !== "completed" && job.status !== "failed").length;
  return {
    totals: { jobs: all, completed, failed, running, views: totals?.views },
    averages: {
      overall: average("overall"),
      seo: totals?.averageSeoScore ?? average("seo"),
      quality: totals?.averageQualityScore ?? average("quality"),
    },
    rating: totals?.ratings,
    perDay: [...counts].map(([date, n]) => ({ date, count: n })),
    failureReasons: [...reasons]
      .map(([reason, n]) => ({ reason, count: n }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    truncated,
  };
}
