import { MetricRollups } from "../adapters/metrics/rollup";
import { D1SloAlerts } from "../adapters/slo/alerts";
import { sendWebhook } from "../adapters/webhooks/sender";
import { webhookSettings } from "../adapters/webhooks/settings";
import { parseSloSettings, type SloSettings } from "../core/slo/config";
import { alertMessageId, type SloAlert, type SloPorts } from "../core/slo/sweep";
import type { JobServices } from "./jobs";

const cache = new WeakMap<object, SloSettings>();

export function sloSettings(env: object): SloSettings {
  const hit = cache.get(env);
  if (hit) return hit;
  const settings = parseSloSettings(env as Record<string, unknown>);
  cache.set(env, settings);
  return settings;
}

/** The SLO sweep's ports: the metric rollup's windows, the alert table and the signed operator webhook. */
export function sloPorts(env: Env, jobs: JobServices): SloPorts {
  const settings = sloSettings(env);
  const rollups = new MetricRollups(env.DB);
  const hooks = webhookSettings(env);
  const url = settings.ALERT_WEBHOOK_URL;
  const secret = settings.ALERT_WEBHOOK_SECRET;
  return {
    window: (metrics, seconds) => rollups.since(metrics, jobs.clock.now() - seconds * 1000),
    alerts: new D1SloAlerts(env.DB),
    now: () => jobs.clock.now(),
    log: jobs.log,
    ...(url && secret
      ? {
          notify: async (alert: SloAlert) => {
            const outcome = await sendWebhook(
              {
                id: await alertMessageId(alert),
                url,
                secret,
                traceId: "",
                payload: JSON.stringify({
                  type: alert.type,
                  timestamp: new Date(jobs.clock.now()).toISOString(),
                  data: alert,
                }),
              },
              {
                // Looked up per call, so a test's stubbed fetch is the one used.
                fetch: (input, init) => globalThis.fetch(input, init),
                allowHosts: hooks.allowHosts,
                timeoutMs: hooks.timeoutMs,
                // The signature's timestamp is when it is sent (receivers check it against their own clock).
                now: () => new Date(),
              },
            );
            if (!outcome.ok) jobs.log.warn("SLO alert not delivered", { error: outcome.error });
            return outcome.ok;
          },
        }
      : {}),
  };
}
