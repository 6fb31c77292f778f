import type { MetricName } from "../metrics/catalog";
import { families } from "../metrics/families";
import type { Sample } from "../metrics/samples";
import type { BurnRule, Slo } from "./config";

export interface WindowFigures {
  seconds: number;
  good: number;
  total: number;
  /** How many times faster than sustainable the error budget burns here (0 with no events). */
  burnRate: number;
}

export interface SloEvaluation {
  name: string;
  kind: Slo["kind"];
  objective: number;
  windows: WindowFigures[];
  /** The most severe rule whose long and short windows both burn at or above its rate; null when none. */
  firing: { severity: BurnRule["severity"]; burnRate: number } | null;
}

/** The metrics an objective is computed from. */
export function sloMetrics(slo: Slo): MetricName[] {
  if (slo.kind === "job_success") return ["optiblog_jobs_total"];
  if (slo.kind === "completion_time") return ["optiblog_job_completion_seconds"];
  return ["optiblog_webhook_deliveries_total"];
}

/** Good and total events for an objective in one window's summed samples. */
export function goodAndTotal(slo: Slo, samples: readonly Sample[]): { good: number; total: number } {
  const all = families(samples);
  const counter = (name: MetricName, label: string, value: string) => {
    const family = all.find((f) => f.name === name);
    return family?.kind === "counter" ? (family.series.find((s) => s.labels[label] === value)?.value ?? 0) : 0;
  };
  if (slo.kind === "job_success") {
    const good = counter("optiblog_jobs_total", "status", "completed");
    return { good, total: good + counter("optiblog_jobs_total", "status", "failed") };
  }
  if (slo.kind === "webhook_delivery") {
    const good = counter("optiblog_webhook_deliveries_total", "outcome", "delivered");
    return { good, total: good + counter("optiblog_webhook_deliveries_total", "outcome", "failed") };
  }
  const family = all.find((f) => f.name === "optiblog_job_completion_seconds");
  const series = family?.kind === "histogram" ? family.series[0] : undefined;
  if (!series) return { good: 0, total: 0 };
  const within = series.buckets.find((bucket) => bucket.le === String(slo.thresholdSeconds))?.count ?? 0;
  return { good: within, total: series.count };
}

export function burnRate(objective: number, good: number, total: number): number {
  if (total === 0) return 0;
  return (1 - good / total) / (1 - objective);
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Evaluates an objective over each window the rules name; `windowSamples(seconds)` sums that window. */
export function evaluateSlo(
  slo: Slo,
  rules: readonly BurnRule[],
  windowSamples: ReadonlyMap<number, readonly Sample[]>,
): SloEvaluation {
  const windows = [...windowSamples.keys()]
    .sort((a, b) => a - b)
    .map((seconds): WindowFigures => {
      const { good, total } = goodAndTotal(slo, windowSamples.get(seconds) ?? []);
      return { seconds, good, total, burnRate: round(burnRate(slo.objective, good, total)) };
    });
  const rateOf = (seconds: number) => windows.find((w) => w.seconds === seconds)?.burnRate ?? 0;
  const severityOrder = { page: 0, ticket: 1 } as const;
  const hit = [...rules]
    .sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity])
    .find((rule) => rateOf(rule.longSeconds) >= rule.burnRate && rateOf(rule.shortSeconds) >= rule.burnRate);
  return {
    name: slo.name,
    kind: slo.kind,
    objective: slo.objective,
    windows,
    firing: hit
      ? { severity: hit.severity, burnRate: Math.min(rateOf(hit.longSeconds), rateOf(hit.shortSeconds)) }
      : null,
  };
}

/** The windows every rule needs, in seconds. */
export function ruleWindows(rules: readonly BurnRule[]): number[] {
  return [...new Set(rules.flatMap((rule) => [rule.longSeconds, rule.shortSeconds]))];
}

export interface AlertState {
  firing: boolean;
  severity?: BurnRule["severity"];
  since: number;
  notified: boolean;
}

export type AlertAction = { kind: "fired" | "resolved" | "none"; notify: boolean };

const SEVERITY_RANK = { ticket: 1, page: 2 } as const;

/**
 * What the sweep does with an objective: notify once when it starts burning, again when it escalates to a more
 * severe rule (a ticket becoming a page), once when it recovers, and again next sweep if the last notification did
 * not get through. Easing to a milder rule while still burning sends nothing: the open alert already says more.
 */
export function alertTransition(previous: AlertState | undefined, evaluation: SloEvaluation): AlertAction {
  const wasFiring = previous?.firing ?? false;
  const isFiring = evaluation.firing !== null;
  if (isFiring && !wasFiring) return { kind: "fired", notify: true };
  if (
    evaluation.firing &&
    previous?.firing &&
    previous.severity &&
    SEVERITY_RANK[evaluation.firing.severity] > SEVERITY_RANK[previous.severity]
  )
    return { kind: "fired", notify: true };
  if (!isFiring && wasFiring) return { kind: "resolved", notify: true };
  if (previous && !previous.notified) return { kind: isFiring ? "fired" : "resolved", notify: true };
  return { kind: "none", notify: false };
}
