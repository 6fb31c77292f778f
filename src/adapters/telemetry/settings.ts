import { z } from "zod";
import { emptyAsUnset } from "../../core/vars";
import { createLogger } from "../../logger";

/**
 * Trace export settings, named as the OpenTelemetry SDKs name them. With no endpoint, tracing is off and the
 * handlers run uninstrumented; `OTEL_EXPORTER_OTLP_HEADERS` (`name=value,name=value`) is a secret.
 */
const TracingSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
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

/** The ratio a blank, unparsable or out-of-range `OTEL_TRACES_SAMPLER_ARG` falls back to, as when it is unset. */
export const DEFAULT_SAMPLING_RATIO = 1;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * `a=1,b=two` → { a: "1", b: "two" }, values percent-decoded as the OTLP exporter spec says. Throws on a pair
 * without a name and `=`, a name that is not an HTTP token, bad percent-encoding or a value with a line break.
 */
export function parseHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    if (pair.trim() === "") continue;
    // What is wrong is named, but never a part that is not a valid name: it may be the secret itself.
    const at = pair.indexOf("=");
    if (at < 0) throw new Error('a header pair has no "=" (name=value expected)');
    const name = pair.slice(0, at).trim();
    if (!TOKEN.test(name)) throw new Error("a header name is not an HTTP token");
    const decoded = decodeHeaderValue(pair.slice(at + 1).trim());
    if (decoded === undefined || /[\r\n\0]/.test(decoded)) throw new Error(`header "${name}" has a malformed value`);
    headers[name.toLowerCase()] = decoded;
  }
  return headers;
}

function decodeHeaderValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const cache = new WeakMap<object, TracingSettings>();
const defaultWarn = (message: string, fields: Record<string, unknown>) => createLogger("warn").warn(message, fields);
const off: TracingSettings = { headers: {}, ratio: DEFAULT_SAMPLING_RATIO, serviceName: "optiblog-edge" };

/**
 * The deployment's trace export settings, read once per `env`. Settings that do not parse (an endpoint that is
 * not an http(s) URL, malformed headers) turn tracing off with one warning naming what is wrong: a tracing mistake
 * never stops the Worker serving. A sampling ratio that is not a number in 0..1 is ignored with a warning, as the
 * OpenTelemetry spec asks of the variable: the default ratio is used and tracing stays on.
 */
export function tracingSettings(
  env: object,
  warn: (message: string, fields: Record<string, unknown>) => void = defaultWarn,
): TracingSettings {
  const hit = cache.get(env);
  if (hit) return hit;
  let settings: TracingSettings;
  try {
    settings = readSettings(env as Record<string, unknown>, warn);
  } catch (error) {
    warn("tracing is off: invalid tracing configuration", {
      problem: error instanceof Error ? error.message : String(error),
    });
    settings = off;
  }
  cache.set(env, settings);
  return settings;
}

function readSettings(
  raw: Record<string, unknown>,
  warn: (message: string, fields: Record<string, unknown>) => void,
): TracingSettings {
  const parsed = TracingSchema.safeParse(
    Object.fromEntries(Object.keys(TracingSchema.shape).map((name) => [name, emptyAsUnset(raw[name])])),
  );
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const base = parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url =
    parsed.data.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (base ? `${base.replace(/(?<!\/)\/+$/, "")}/v1/traces` : undefined);
  return {
    ...(url ? { url } : {}),
    headers: parseHeaders(parsed.data.OTEL_EXPORTER_OTLP_HEADERS),
    ratio: url ? samplingRatio(raw.OTEL_TRACES_SAMPLER_ARG, warn) : DEFAULT_SAMPLING_RATIO,
    serviceName: parsed.data.OTEL_SERVICE_NAME,
  };
}

/** `OTEL_TRACES_SAMPLER_ARG`: blank is unset; a value that is not a number in 0..1 is ignored with a warning. */
function samplingRatio(value: unknown, warn: (message: string, fields: Record<string, unknown>) => void): number {
  if (value === undefined || value === null) return DEFAULT_SAMPLING_RATIO;
  const text = String(value).trim();
  if (text === "") return DEFAULT_SAMPLING_RATIO;
  const ratio = typeof value === "number" || typeof value === "string" ? Number(text) : Number.NaN;
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  warn("OTEL_TRACES_SAMPLER_ARG ignored: not a number in 0..1", {
    value: text.slice(0, 40),
    ratio: DEFAULT_SAMPLING_RATIO,
  });
  return DEFAULT_SAMPLING_RATIO;
}
