import { sha256Hex } from "../ids";
import type { Sample } from "../metrics/samples";
import type { Log } from "../ports/log";
import type { BurnRule, Slo } from "./config";
import { type AlertState, alertTransition, evaluateSlo, ruleWindows, type SloEvaluation, sloMetrics } from "./evaluate";

export interface SloAlertRecord extends AlertState {
  slo: string;
  burnRate: number;
}

export interface SloPorts {
  /** The named metrics summed over the last `seconds`, across tenants. */
  window(metrics: readonly string[], seconds: number): Promise<Sample[]>;
  alerts: {
    all(): Promise<SloAlertRecord[]>;
    save(record: SloAlertRecord): Promise<void>;
    /** Forgets an objective's state (one no longer configured, whose alert is closed). */
    remove(slo: string): Promise<void>;
  };
  /** Sends the alert; false when it did not get through (the next sweep tries again). Absent: no webhook. */
  notify?: (alert: SloAlert) => Promise<boolean>;
  now(): number;
  log: Log;
}

export interface SloAlert {
  type: "slo.burning" | "slo.recovered";
  slo: string;
  severity: BurnRule["severity"] | null;
  /** Null for an objective taken out of `SLOS` while its alert was open: it recovers as it is no longer judged. */
  evaluation: SloEvaluation | null;
  since: string;
}

/** Every objective evaluated over the windows its rules name. */
export async function evaluateSlos(
  slos: readonly Slo[],
  rules: readonly BurnRule[],
  window: SloPorts["window"],
): Promise<SloEvaluation[]> {
  const windows = ruleWindows(rules);
  return Promise.all(
    slos.map(async (slo) => {
      const samples = new Map<number, Sample[]>();
      for (const seconds of windows) samples.set(seconds, await window(sloMetrics(slo), seconds));
      return evaluateSlo(slo, rules, samples);
    }),
  );
}

/** Evaluates every objective; records each alert's state; notifies on burn and on recovery. */
export async function sweepSlos(
  slos: readonly Slo[],
  rules: readonly BurnRule[],
  ports: SloPorts,
): Promise<{ evaluations: SloEvaluation[]; notified: SloAlert[] }> {
  const previous = new Map((await ports.alerts.all()).map((record) => [record.slo, record]));
  const evaluations = await evaluateSlos(slos, rules, ports.window);
  const notified: SloAlert[] = [];
  for (const evaluation of evaluations) {
    const before = previous.get(evaluation.name);
    const action = alertTransition(before, evaluation);
    if (action.kind === "none") continue;
    const firing = evaluation.firing !== null;
    const changed = (before?.firing ?? false) !== firing;
    const since = changed || !before ? ports.now() : before.since;
    const alert: SloAlert = {
      type: firing ? "slo.burning" : "slo.recovered",
      slo: evaluation.name,
      severity: evaluation.firing?.severity ?? null,
      evaluation,
      since: new Date(since).toISOString(),
    };
    const delivered = await send(ports, alert);
    if (delivered) notified.push(alert);
    ports.log.warn(firing ? "SLO burning" : "SLO recovered", {
      slo: evaluation.name,
      severity: alert.severity,
      burnRate: evaluation.firing?.burnRate ?? 0,
      notified: delivered,
    });
    await ports.alerts.save({
      slo: evaluation.name,
      firing,
      ...(evaluation.firing ? { severity: evaluation.firing.severity } : {}),
      since,
      notified: delivered,
      burnRate: evaluation.firing?.burnRate ?? 0,
    });
  }
  // An objective no longer configured is judged no more: an alert it left open is closed, so no receiver keeps
  // an incident open for a name that will never recover, and its state goes once nothing is owed.
  const configured = new Set(evaluations.map((evaluation) => evaluation.name));
  for (const record of previous.values()) {
    if (configured.has(record.slo)) continue;
    if (!record.firing && record.notified) {
      await ports.alerts.remove(record.slo);
      continue;
    }
    const since = record.firing ? ports.now() : record.since;
    const alert: SloAlert = {
      type: "slo.recovered",
      slo: record.slo,
      severity: null,
      evaluation: null,
      since: new Date(since).toISOString(),
    };
    const delivered = await send(ports, alert);
    if (delivered) notified.push(alert);
    ports.log.warn("SLO recovered: no longer configured", { slo: record.slo, notified: delivered });
    if (delivered) await ports.alerts.remove(record.slo);
    else await ports.alerts.save({ slo: record.slo, firing: false, since, notified: false, burnRate: 0 });
  }
  return { evaluations, notified };
}

/** Sends an alert when a webhook is set (true without one: nothing is owed); a failure is false and a warning. */
async function send(ports: SloPorts, alert: SloAlert): Promise<boolean> {
  if (!ports.notify) return true;
  return ports.notify(alert).catch((error: unknown) => {
    ports.log.warn("could not send an SLO alert", { slo: alert.slo, error: String(error) });
    return false;
  });
}

/**
 * The alert's `webhook-id`: one alert (an objective's burn or recovery since one moment, at one severity) keeps
 * its id when a later sweep sends it again, so a receiver that got a try the sender took for failed can drop the
 * repeat, as the Standard Webhooks spec asks of a resend; an escalation or a new episode is a new alert.
 */
export async function alertMessageId(alert: Pick<SloAlert, "slo" | "type" | "severity" | "since">): Promise<string> {
  const hash = await sha256Hex(JSON.stringify([alert.slo, alert.type, alert.severity, alert.since]));
  return `msg_${hash.slice(0, 32)}`;
}
