import { describe, expect, it } from "vitest";
import { tracingSettings } from "../../src/adapters/telemetry/settings";
import { webhookSettings } from "../../src/adapters/webhooks/settings";
import { jobsConfig } from "../../src/composition/jobs-config";
import { configuredProviders } from "../../src/composition/writers";
import { loadConfig, rateLimitFor } from "../../src/config";
import { budgetLimits } from "../../src/core/budget/limits";
import { parseSloSettings } from "../../src/core/slo/config";

describe("numeric settings as a deployment writes them", () => {
  it("takes a number written as a TOML number, not only as a string", () => {
    expect(loadConfig({ MAX_BODY_BYTES: 2048, RATE_LIMIT_PER_MINUTE: 300 })).toMatchObject({
      MAX_BODY_BYTES: 2048,
      RATE_LIMIT_PER_MINUTE: 300,
    });
    expect(jobsConfig({ STUCK_AFTER_SECONDS: 600, MAX_REDRIVES: 0 })).toMatchObject({
      STUCK_AFTER_SECONDS: 600,
      MAX_REDRIVES: 0,
    });
  });

  it("reads a value of only white space as unset, as an empty one", () => {
    expect(loadConfig({ MAX_BODY_BYTES: " ", RATE_LIMIT_PER_MINUTE: "\t", PLAN_RATE_LIMITS: " " })).toMatchObject({
      MAX_BODY_BYTES: 1_048_576,
      RATE_LIMIT_PER_MINUTE: 120,
      PLAN_RATE_LIMITS: {},
    });
    expect(jobsConfig({ STUCK_AFTER_SECONDS: "  ", SSE_POLL_MS: " " })).toMatchObject({
      STUCK_AFTER_SECONDS: 900,
      SSE_POLL_MS: 500,
    });
    expect(webhookSettings({ WEBHOOK_TIMEOUT_MS: " ", WEBHOOK_MAX_ATTEMPTS: " " })).toMatchObject({
      timeoutMs: 10_000,
      maxAttempts: 8,
    });
    expect(parseSloSettings({ METRIC_WINDOW_RETENTION_SECONDS: " ", ALERT_WEBHOOK_URL: " " })).toMatchObject({
      METRIC_WINDOW_RETENTION_SECONDS: 172_800,
    });
    // A blank sampling ratio read as 0 would keep no trace at all.
    const warnings: string[] = [];
    const tracing = tracingSettings(
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector.example", OTEL_TRACES_SAMPLER_ARG: " " },
      (message) => warnings.push(message),
    );
    expect(tracing.ratio).toBe(1);
    expect(warnings).toEqual([]);
  });

  it("reads a named choice whatever its case and surrounding space, where LOG_LEVEL=DEBUG failed every request", () => {
    expect(loadConfig({ LOG_LEVEL: "DEBUG" }).LOG_LEVEL).toBe("debug");
    expect(loadConfig({ LOG_LEVEL: " Warn " }).LOG_LEVEL).toBe("warn");
    expect(loadConfig({ LOG_LEVEL: " " }).LOG_LEVEL).toBe("info");
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });

  it("reads CORS_ORIGINS as the origins browsers send, where a trailing slash or capital matched no request", () => {
    expect(loadConfig({ CORS_ORIGINS: " https://App.Example.com/ , http://localhost:8787/,*" }).CORS_ORIGINS).toEqual([
      "https://app.example.com",
      "http://localhost:8787",
      "*",
    ]);
  });

  it("takes a JSON setting written as a TOML table or array, not only as JSON text", () => {
    expect(
      loadConfig({ PLAN_RATE_LIMITS: { pro: 600 }, PLAN_BUDGETS: { default: { jobTokens: 1000 } } }),
    ).toMatchObject({ PLAN_RATE_LIMITS: { pro: 600 }, PLAN_BUDGETS: { default: { jobTokens: 1000 } } });
    const slos = parseSloSettings({ SLOS: [{ name: "jobs", kind: "job_success", objective: 0.9 }] });
    expect(slos.SLOS).toEqual([{ name: "jobs", kind: "job_success", objective: 0.9 }]);
    const providers = configuredProviders({
      LLM_PROVIDERS: [{ name: "local", type: "openai-compatible", model: "m", baseUrl: "http://127.0.0.1:11434/v1" }],
    } as unknown as Env);
    expect(providers.map((provider) => provider.name)).toEqual(["local"]);
    // Still refused when its content is wrong.
    expect(() => loadConfig({ PLAN_RATE_LIMITS: { pro: "many" } })).toThrow(/PLAN_RATE_LIMITS/);
  });

  it("reads PLAN_RATE_LIMITS and PLAN_BUDGETS keys as plan names in any case, and refuses one that is none", () => {
    const config = loadConfig({
      PLAN_RATE_LIMITS: '{"Pro": 600, " Enterprise ": 3000}',
      PLAN_BUDGETS: { Default: { jobTokens: 1000 }, PRO: { dailyCostUsd: 5 } },
    });
    expect(config.PLAN_RATE_LIMITS).toEqual({ pro: 600, enterprise: 3000 });
    expect(rateLimitFor(config, "pro")).toBe(600);
    expect(budgetLimits(config.PLAN_BUDGETS, "pro")).toEqual({ dailyCostUsd: 5 });
    expect(budgetLimits(config.PLAN_BUDGETS, "free")).toEqual({ jobTokens: 1000 });
    expect(() => loadConfig({ PLAN_RATE_LIMITS: { "pro plan": 600 } })).toThrow(/PLAN_RATE_LIMITS.*"pro plan"/);
    expect(() => loadConfig({ PLAN_BUDGETS: { Pro: { jobTokens: 1 }, pro: { jobTokens: 2 } } })).toThrow(
      /PLAN_BUDGETS.*"pro" twice/,
    );
  });

  it("still refuses a value that is no whole number", () => {
    expect(() => loadConfig({ MAX_BODY_BYTES: "1e309" })).toThrow(/MAX_BODY_BYTES/);
    expect(() => jobsConfig({ STUCK_AFTER_SECONDS: "ten" })).toThrow(/STUCK_AFTER_SECONDS/);
    expect(() => jobsConfig({ STUCK_AFTER_SECONDS: true })).toThrow(/STUCK_AFTER_SECONDS/);
  });
});
