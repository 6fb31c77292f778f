#!/usr/bin/env node
// npm run deploy:check:tenants [-- --link-modules] [-- --tenants a,b]: on a clean clone of this checkout's HEAD,
// `tenant:new` for two tenants followed by `deploy:check` stops at their placeholder ids and routes, and passes
// with `--allow-placeholders`. Prints each step's output and the wall time.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readOptions } from "./lib/cli.mjs";
import { checkTenantName } from "./tenant/env-block.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "npm run deploy:check:tenants -- [--tenants alpha,beta] [--link-modules] [--keep]";
const { values } = readOptions(
  {
    options: {
      // Links this checkout's node_modules into the clone instead of `npm ci` (faster; same lockfile assumed).
      "link-modules": { type: "boolean" },
      tenants: { type: "string", default: "alpha,beta" },
      // Leaves the clone in place for a look after a failure.
      keep: { type: "boolean" },
    },
  },
  USAGE,
);
const tenants = values.tenants.split(",").filter(Boolean);
// tenant:new would refuse these only after the clone and its install: refused here, before either, as bad input.
const refused = [
  ...(tenants.length ? [] : ["--tenants names no tenant"]),
  ...tenants.flatMap((tenant) => {
    const problem = checkTenantName(tenant);
    return problem ? [`"${tenant}": ${problem}`] : [];
  }),
  ...[...new Set(tenants.filter((tenant, i) => tenants.indexOf(tenant) !== i))].map(
    (tenant) => `"${tenant}" is named twice`,
  ),
];
if (refused.length) {
  console.error(`deploy:check:tenants: ${refused.join("; ")}\n\n${USAGE}`);
  process.exit(2);
}
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);

/** Runs a step with its output shown; any exit code but `expected` ends the check. */
function step(label, command, args, cwd, expected = 0) {
  console.log(`\n$ ${[command, ...args].join(" ")}   (${label}, at ${seconds()} s)`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env: process.env });
  if (result.status !== expected) {
    console.error(
      `deploy:check:tenants failed at "${label}" (exit ${result.status ?? result.signal}) after ${seconds()} s`,
    );
    finish(1);
  }
}

const work = mkdtempSync(path.join(tmpdir(), "deploy-check-tenants-"));
const clone = path.join(work, "repo");
function finish(code) {
  if (values.keep) console.log(`the clone is kept at ${clone}`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(code);
}

const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
step("clone", "git", ["clone", "--quiet", "--no-checkout", ROOT, clone], ROOT);
step("check out HEAD", "git", ["checkout", "--quiet", "--detach", head], clone);
if (values["link-modules"]) {
  symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
  // What npm ci's postinstall would have done in the clone: the API reference's static assets.
  step("docs assets", process.execPath, ["scripts/docs-assets.mjs"], clone);
} else step("install", "npm", ["ci", "--no-audit", "--no-fund"], clone);
for (const tenant of tenants)
  step(`tenant:new ${tenant}`, "npm", ["run", "--silent", "tenant:new", "--", tenant], clone);
// The tenants' ids and routes are still tenant:new's placeholders (nothing is created here): deploy:check stops at
// them before building anything, and with --allow-placeholders names them and checks the rest.
step("deploy:check stops at the placeholders", "npm", ["run", "--silent", "deploy:check"], clone, 1);
step("deploy:check", "npm", ["run", "--silent", "deploy:check", "--", "--allow-placeholders"], clone);
console.log(
  `\ndeploy:check:tenants passed on a clean clone of ${head.slice(0, 7)} for ${tenants.join(", ")} in ${seconds()} s`,
);
finish(0);
