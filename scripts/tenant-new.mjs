#!/usr/bin/env node
// npm run tenant:new -- <name>: adds [env.<name>] to wrangler.toml for a tenant's own deployment.
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checklist, checkTenantName, tenantEnvBlock } from "./tenant/env-block.mjs";
import { loadWranglerToml } from "./tenant/wrangler-toml.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const config = process.env.WRANGLER_CONFIG ?? path.join(ROOT, "wrangler.toml");
const name = process.argv[2];

const problem = checkTenantName(name);
if (problem) {
  console.error(`tenant:new: ${problem}\nusage: npm run tenant:new -- <name>`);
  process.exit(2);
}
const top = loadWranglerToml(config, "tenant:new");
if (top.env?.[name]) {
  console.error(`tenant:new: wrangler.toml already has [env.${name}]`);
  process.exit(1);
}
appendFileSync(config, tenantEnvBlock(top, name));
// The secrets a deployment reads: the names .dev.vars.example lists.
const secrets = readFileSync(path.join(ROOT, ".dev.vars.example"), "utf8")
  .split("\n")
  .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
  .filter(Boolean);
console.log(checklist(top, name, secrets));
