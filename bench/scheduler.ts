/**
 * npm run bench:scheduler [-- --rpm 60,30 --writers 6 --seconds 70]
 *
 * The provider scheduler alone, in one process: concurrent LLM writers (the real writer, model adapter and
 * provider-guard logic, each guard's state in memory) against the simulated world's providers, with enough
 * writers that calls always wait for capacity. Reports the calls admitted per minute in the steady window
 * (from 10 s after the start, when the burst is spent, to the end) against the providers' summed limit, so the
 * scheduler's own loss is seen apart from research, queues and the Worker runtime.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readOptions } from "../scripts/lib/cli.mjs";
import { createProvider } from "../scripts/world/provider.mjs";
import { AiSdkStructuredModel } from "../src/adapters/writers/ai-sdk-model";
import { modelTargets } from "../src/adapters/writers/providers";
import { acquireProvider, emptyProviderGuard, reportProvider } from "../src/core/guard/provider-guard";
import type { ProviderGuard } from "../src/core/ports/guard";
import { ProviderConfigSchema } from "../src/core/writing/llm-config";
import { LlmWriter } from "../src/core/writing/llm-writer";
import { compostSources, options } from "../test/writing-fixtures";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE =
  "npm run bench:scheduler -- [--rpm 60,30] [--writers 6] [--seconds 70] [--out bench/results/scheduler.json]";
const { values } = readOptions(
  {
    options: {
      rpm: { type: "string", default: "60,30" },
      writers: { type: "string", default: "6" },
      seconds: { type: "string", default: "70" },
      out: { type: "string", default: join(ROOT, "bench", "results", "scheduler.json") },
    },
  },
  USAGE,
);
const rpms = values.rpm.split(",").map(Number);
const writers = Number(values.writers);
const seconds = Number(values.seconds);
if (rpms.some((n) => !(n > 0)) || !(writers > 0) || !(seconds > 15))
  throw new Error("bad --rpm, --writers or --seconds");

const names = rpms.map((_, i) => `p${i + 1}`);
const providers = new Map(names.map((name, i) => [name, createProvider(name, { rpm: rpms[i], seed: i + 1 })]));
const configs = names.map((name, i) =>
  ProviderConfigSchema.parse({
    name,
    type: "openai-compatible",
    model: `world-${name}`,
    baseUrl: `http://127.0.0.1:9/${name}/v1`,
    weight: rpms[i],
    rpm: rpms[i],
  }),
);
const fetchProvider = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  const provider = providers.get(new URL(request.url).pathname.split("/")[1] ?? "");
  if (!provider) return new Response("no such provider", { status: 404 });
  return provider.fetch(request);
}) as typeof fetch;

// Each guard's state in memory, updated by the guard's own logic; a short pause stands for the RPC.
const states = new Map<string, ReturnType<typeof emptyProviderGuard>>();
const rpc = () => new Promise((done) => setTimeout(done, 2));
const guard = (name: string): ProviderGuard => ({
  acquire: async (policy, tokens) => {
    await rpc();
    const { admission, state } = acquireProvider(states.get(name) ?? emptyProviderGuard(), policy, Date.now(), tokens);
    states.set(name, state);
    return admission;
  },
  report: async (policy, outcome) => {
    await rpc();
    states.set(name, reportProvider(states.get(name) ?? emptyProviderGuard(), policy, Date.now(), outcome));
  },
  status: () => Promise.reject(new Error("not used")),
});

const model = new AiSdkStructuredModel(modelTargets(configs, { fetch: fetchProvider }), {
  prices: {},
  guard,
  maxScheduleWaitMs: seconds * 1000,
});
const writer = new LlmWriter("llm:scheduler-bench", model);
const start = Date.now();
const stopAt = start + seconds * 1000;
await Promise.all(
  Array.from({ length: writers }, async () => {
    while (Date.now() < stopAt)
      await writer.write({ keyword: "compost", options: options(), sources: compostSources() });
  }),
);

const steadyFrom = start + 10_000;
const limit = rpms.reduce((a, b) => a + b, 0);
const admitted = [...providers.values()].flatMap((p) => p.stats.admittedAt);
const steady = admitted.filter((t) => t >= steadyFrom && t < stopAt).length;
const perMinute = (steady / (stopAt - steadyFrom)) * 60_000;
const round = (n: number) => Math.round(n * 1000) / 1000;
const result = {
  command: `npm run bench:scheduler -- --rpm ${values.rpm} --writers ${writers} --seconds ${seconds}`,
  date: new Date().toISOString(),
  limitPerMinute: limit,
  steadyCallsPerMinute: round(perMinute),
  utilisation: round(perMinute / limit),
  byProvider: Object.fromEntries(
    [...providers].map(([name, p]) => [
      name,
      { admitted: p.stats.admittedAt.length, rateLimited: p.stats.rateLimited },
    ]),
  ),
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `limit ${limit}/min; steady window ${round(perMinute)}/min = ${result.utilisation} of the limit; ` +
    `${Object.values(result.byProvider).reduce((n, p) => n + p.rateLimited, 0)} 429s`,
);
