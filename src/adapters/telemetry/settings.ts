import { z } from "zod";

/**
 * Trace export settings, named as the OpenTelemetry SDKs name them. With no endpoint, tracing is off and the
 * handlers run uninstrumented; `OTEL_EXPORTER_OTLP_HEADERS` (`name=value,name=value`) is a secret.
 */
const TracingSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  OTEL_SERVICE_NAME: z.string().min(1).default("optiblog-edge"),
});

export interface TracingSettings {
  /** Where spans go (OTLP/HTTP JSON); absent: tracing off. */
  url?: string;
  headers: Record<string, string>;
  /** The share of new traces kept; a continued trace follows its parent's decision. */
  ratio: number;
  serviceName: string;
}

/** `a=1,b=two` → { a: "1", b: "two" }, values percent-decoded as the OTLP exporter spec says. */
export function parseHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim().toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

const cache = new WeakMap<object, TracingSettings>();
const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

export function tracingSettings(env: object): TracingSettings {
  const hit = cache.get(env);
  if (hit) return hit;
  const raw = env as Record<string, unknown>;
  const parsed = TracingSchema.safeParse(
    Object.fromEntries(Object.keys(TracingSchema.shape).map((name) => [name, emptyAsUnset(raw[name])])),
  );
  if (!parsed.success)
    throw new Error(
      `invalid tracing configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const base = parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url =
    parsed.data.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined);
  const settings: TracingSettings = {
    ...(url ? { url } : {}),
    headers: parseHeaders(parsed.data.OTEL_EXPORTER_OTLP_HEADERS),
    ratio: parsed.data.OTEL_TRACES_SAMPLER_ARG,
    serviceName: parsed.data.OTEL_SERVICE_NAME,
  };
  cache.set(env, settings);
  return settings;
}
