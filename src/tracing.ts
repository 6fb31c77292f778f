import { instrument, type ResolveConfigFn } from "@microlabs/otel-cf-workers";
import { tracingSettings } from "./adapters/telemetry/settings";

interface Handlers {
  fetch: ExportedHandlerFetchHandler<Env>;
  queue: ExportedHandlerQueueHandler<Env>;
  scheduled: ExportedHandlerScheduledHandler<Env>;
}

const config: ResolveConfigFn<Env> = (env) => {
  const settings = tracingSettings(env);
  return {
    exporter: { url: settings.url ?? "", headers: settings.headers },
    service: { name: settings.serviceName, version: (env as { VERSION?: string }).VERSION },
    // A new trace is kept with the configured ratio; a continued one follows its parent (so a job's stages agree).
    sampling: { headSampler: { ratio: settings.ratio, acceptRemote: true } },
  };
};

/**
 * The Worker's handlers, traced with OpenTelemetry when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces endpoint)
 * is set, and run as they are otherwise: with tracing off nothing is wrapped, patched or exported.
 */
export function withTracing(handler: Handlers): Handlers {
  const traced = instrument({ ...handler }, config) as Handlers;
  const on = (env: Env) => tracingSettings(env).url !== undefined;
  return {
    fetch: (request, env, ctx) => (on(env) ? traced : handler).fetch(request, env, ctx),
    queue: (batch, env, ctx) => (on(env) ? traced : handler).queue(batch, env, ctx),
    scheduled: (controller, env, ctx) => (on(env) ? traced : handler).scheduled(controller, env, ctx),
  };
}
