#!/usr/bin/env node
// The simulated world for tests and benchmarks: fixture web, search and rate-limited LLM providers on 127.0.0.1.
import { readOptions } from "./lib/cli.mjs";
import { DEFAULT_PROVIDERS, startWorld } from "./world/server.mjs";

const USAGE = "npm run world -- [--port 8791] [--providers JSON] [--stop-after seconds]";
const { values } = readOptions(
  {
    options: { port: { type: "string" }, providers: { type: "string" }, "stop-after": { type: "string" } },
  },
  USAGE,
);
const port = Number(values.port ?? process.env.WORLD_PORT ?? 8791);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${values.port}`);
  process.exit(2);
}
let providers = DEFAULT_PROVIDERS;
if (values.providers) {
  try {
    providers = JSON.parse(values.providers);
  } catch {
    console.error('--providers must be JSON, e.g. {"alpha":{"rpm":60},"beta":{"rpm":30}}');
    process.exit(2);
  }
}

const world = await startWorld({ port, providers });
console.log(`world: ${world.url} (${world.catalog.pages.length} pages)`);
console.log(`search: ${world.url}/search?q=raised+bed+vegetable+garden&format=json`);
for (const name of world.providers.keys()) console.log(`provider ${name}: ${world.providerUrl(name)}`);
console.log(`stats: ${world.url}/stats   live settings: POST ${world.url}/config`);
console.log(
  `LLM_PROVIDERS=${JSON.stringify([...world.providers.keys()].map((name) => ({ name, type: "openai-compatible", model: `world-${name}`, baseUrl: world.providerUrl(name) })))}`,
);
const stop = () => world.close().then(() => process.exit(0));
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, stop);
// Stops by itself (default one hour) so a forgotten world never outlives its run.
const stopAfter = Number(values["stop-after"] ?? 3600);
setTimeout(stop, stopAfter * 1000).unref();
