import type { UsageRow } from "../ports/spend";

export interface UsageTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface UsageReport {
  from: string;
  to: string;
  totals: UsageTotals;
  /** Days with any calls, oldest first, each with its providers. */
  days: (UsageTotals & { day: string; providers: (UsageTotals & { provider: string })[] })[];
}

const zero = (): UsageTotals => ({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });

function add(sum: UsageTotals, row: UsageTotals): UsageTotals {
  return {
    calls: sum.calls + row.calls,
    inputTokens: sum.inputTokens + row.inputTokens,
    outputTokens: sum.outputTokens + row.outputTokens,
    costUsd: sum.costUsd + row.costUsd,
  };
}

const totalsOf = (row: UsageTotals): UsageTotals => add(zero(), row);

/** A tenant's ledger rows as a report: totals, then each day with its providers. */
export function usageReport(from: string, to: string, rows: readonly UsageRow[]): UsageReport {
  const days = new Map<string, UsageReport["days"][number]>();
  for (const row of [...rows].sort((a, b) => a.day.localeCompare(b.day) || a.provider.localeCompare(b.provider))) {
    const day = days.get(row.day) ?? { day: row.day, ...zero(), providers: [] };
    days.set(row.day, {
      ...day,
      ...add(day, row),
      providers: [...day.providers, { provider: row.provider, ...totalsOf(row) }],
    });
  }
  return { from, to, totals: rows.reduce(add, zero()), days: [...days.values()] };
}

/** The day `days` before a YYYY-MM-DD day (negative: after). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
