import { describe, expect, it } from "vitest";
import { parseHeaders, tracingSettings } from "../../src/adapters/telemetry/settings";

function settingsOf(env: Record<string, string>) {
  const warnings: { message: string; fields: Record<string, unknown> }[] = [];
  const warn = (message: string, fields: Record<string, unknown>) => warnings.push({ message, fields });
  const first = tracingSettings(env, warn);
  const again = tracingSettings(env, warn);
  return { settings: first, again, warnings };
}

describe("tracing settings", () => {
  it("exports to the endpoint's /v1/traces with the decoded headers and the ratio when all is well", () => {
    const { settings, warnings } = settingsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector.example/otlp/",
      OTEL_EXPORTER_OTLP_HEADERS: "x-token=a%20b, x-team=ops",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
    });
    expect(settings).toEqual({
      url: "https://collector.example/otlp/v1/traces",
      headers: { "x-token": "a b", "x-team": "ops" },
      ratio: 0.25,
      serviceName: "optiblog-edge",
    });
    expect(warnings).toEqual([]);
  });

  it("is off without an endpoint, quietly", () => {
    const { settings, warnings } = settingsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "" });
    expect(settings.url).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it.each([
    ["an endpoint that is not a URL", { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [
      "an endpoint that is not http(s)",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://collector.example" },
      "OTEL_EXPORTER_OTLP_ENDPOINT",
    ],
    [
      "a header without '='",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example", OTEL_EXPORTER_OTLP_HEADERS: "x-token" },
      'no "="',
    ],
    [
      "a header value with bad percent-encoding",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example", OTEL_EXPORTER_OTLP_HEADERS: "x-token=%E0%A4%A" },
      'header "x-token"',
    ],
    [
      "a header value that decodes to a line break",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example", OTEL_EXPORTER_OTLP_HEADERS: "x-token=a%0D%0Ab" },
      'header "x-token"',
    ],
    [
      "a header name that is not a token",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example", OTEL_EXPORTER_OTLP_HEADERS: "x token=1" },
      "not an HTTP token",
    ],
  ])("turns tracing off with one warning for %s", (_, env, named) => {
    const { settings, again, warnings } = settingsOf(env);
    expect(settings.url).toBeUndefined();
    expect(again).toBe(settings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toBe("tracing is off: invalid tracing configuration");
    expect(String(warnings[0]?.fields.problem)).toContain(named);
  });

  it.each(["", " ", "\t\n"])("samples every new trace when OTEL_TRACES_SAMPLER_ARG is blank (%j), quietly", (blank) => {
    const { settings, warnings } = settingsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example",
      OTEL_TRACES_SAMPLER_ARG: blank,
    });
    expect(settings).toMatchObject({ url: "https://c.example/v1/traces", ratio: 1 });
    expect(warnings).toEqual([]);
  });

  it.each(["5", "-0.1", "half", "NaN", "Infinity", "0.5 0.5"])(
    "ignores OTEL_TRACES_SAMPLER_ARG %j with one warning, sampling at the default 1 with tracing on",
    (value) => {
      const { settings, again, warnings } = settingsOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example",
        OTEL_TRACES_SAMPLER_ARG: value,
      });
      expect(settings).toMatchObject({ url: "https://c.example/v1/traces", ratio: 1 });
      expect(again).toBe(settings);
      expect(warnings).toEqual([
        { message: "OTEL_TRACES_SAMPLER_ARG ignored: not a number in 0..1", fields: { value, ratio: 1 } },
      ]);
    },
  );

  it.each([
    ["0", 0],
    [" 0.25 ", 0.25],
    ["1", 1],
  ])("takes OTEL_TRACES_SAMPLER_ARG %j as the ratio %d, its bounds included", (value, ratio) => {
    const { settings, warnings } = settingsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example",
      OTEL_TRACES_SAMPLER_ARG: value,
    });
    expect(settings.ratio).toBe(ratio);
    expect(warnings).toEqual([]);
  });

  it.each(["x-token=s3cret%ZZ", "Bearer s3cret", "authorization=Bearer s3cret,s3cret"])(
    "never puts a header's secret in the warning (%s)",
    (headers) => {
      const { warnings } = settingsOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://c.example",
        OTEL_EXPORTER_OTLP_HEADERS: headers,
      });
      expect(warnings).toHaveLength(1);
      expect(JSON.stringify(warnings)).not.toContain("s3cret");
    },
  );

  it("skips empty pairs between commas", () => {
    expect(parseHeaders("a=1,,b=2,")).toEqual({ a: "1", b: "2" });
  });
});
