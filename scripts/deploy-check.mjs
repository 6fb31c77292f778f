#!/usr/bin/env node
// npm run deploy:check [-- --env name]: every wrangler environment builds, fits, starts, declares what the
// code reads, and migrates a fresh local D1, and each [env.<name>] (a deployment) has real ids and routes; exits 1
// with what to fix otherwise.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readOptions } from "./lib/cli.mjs";
import { startsUp } from "./lib/starts-up.mjs";
import { declaredNames, readNames, undeclaredProblem } from "./tenant/bindings.mjs";
import { placeholderProblems } from "./tenant/placeholders.mjs";
import { loadWranglerToml } from "./tenant/wrangler-toml.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LIMIT_GZIP = 1024 * 1024;
const USAGE = "npm run deploy:check -- [--env name]... [--skip-start] [--allow-placeholders]";
const { values } = readOptions(
  {
    options: {
      env: { type: "string", multiple: true },
      "skip-start": { type: "boolean" },
      // Lists an environment's placeholder ids and example routes without failing (a clone with no resources).
      "allow-placeholders": { type: "boolean" },
    },
  },
  USAGE,
);

// WRANGLER_CONFIG names another wrangler.toml (as for tenant:new); wrangler is then given it with --config.
const configFile = process.env.WRANGLER_CONFIG ?? path.join(ROOT, "wrangler.toml");
const configFlag = process.env.WRANGLER_CONFIG ? ["--config", configFile] : [];
const config = loadWranglerToml(configFile, "deploy:check");
const known = Object.keys(config.env ?? {});
const envs = values.env ?? ["", ...known];
// A name wrangler.toml does not have would be checked as an environment with no bindings at all.
const unknown = envs.filter((env) => env !== "" && !known.includes(env));
if (unknown.length) {
  const missing = unknown.map((env) => `[env.${env}]`).join(", ");
  const existing = known.length ? known.join(", ") : "none (npm run tenant:new -- <name> adds one)";
  console.error(`deploy:check: wrangler.toml has no ${missing}; its environments: ${existing}\n\n${USAGE}`);
  process.exit(2);
}

/** An environment as wrangler sees it: bindings and vars are not inherited from the top level, the rest is. */
function environment(top, name) {
  const own = top.env[name];
  const inherited = Object.fromEntries(Object.entries(top).filter(([key]) => !NOT_INHERITED.includes(key)));
  return { ...inherited, ...own };
}
const NOT_INHERITED = [
  "vars",
  "d1_databases",
  "kv_namespaces",
  "queues",
  "durable_objects",
  "ai",
  "analytics_engine_datasets",
  "env",
];

// The top level is the local development configuration (its ids are placeholders that `wrangler dev` accepts);
// each [env.<name>] exists to be deployed, and a deploy with a placeholder id or the example route fails.
const placeholders = envs.map((env) => [env, placeholderProblems(env ? environment(config, env) : config, env)]);
const blocking = placeholders
  .filter(([env]) => env !== "" && !values["allow-placeholders"])
  .flatMap(([, lines]) => lines);
for (const [env, lines] of placeholders)
  if (env === "" || values["allow-placeholders"])
    for (const line of lines) console.log(`${line}: fine for wrangler dev; replace it before wrangler deploy`);
if (blocking.length) {
  console.error(`deploy:check failed: placeholders a deploy cannot use\n  - ${blocking.join("\n  - ")}`);
  process.exit(1);
}
const wrangler = path.join(ROOT, "node_modules", ".bin", "wrangler");
const secrets = readFileSync(path.join(ROOT, ".dev.vars.example"), "utf8")
  .split("\n")
  .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
  .filter(Boolean);
const read = readNames(path.join(ROOT, "src"));

function run(args, cwd = ROOT) {
  const result = spawnSync(wrangler, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}

function gzipSize(dir) {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, String(name));
    if (statSync(file).isFile() && /\.(m?js|wasm)$/.test(file)) total += gzipSync(readFileSync(file)).length;
  }
  return total;
}

const failures = [];
for (const env of envs) {
  const label = env ? `env ${env}` : "top level";
  const flag = [...configFlag, ...(env ? ["--env", env] : [])];
  const problems = [];
  const out = mkdtempSync(path.join(tmpdir(), "deploy-check-"));
  try {
    const build = run(["deploy", "--dry-run", "--outdir", path.join(out, "dist"), ...flag]);
    if (!build.ok)
      problems.push(`wrangler deploy --dry-run failed:\n${build.output.trim().split("\n").slice(-15).join("\n")}`);
    else {
      const size = gzipSize(path.join(out, "dist"));
      const line = `bundle ${(size / 1024).toFixed(1)} KiB gzip (limit ${LIMIT_GZIP / 1024} KiB)`;
      if (size > LIMIT_GZIP) problems.push(`${line}: too large`);
      else console.log(`${label}: ${line}`);
    }
    const section = env ? environment(config, env) : config;
    const declared = declaredNames(section, secrets);
    const undeclared = undeclaredProblem(read, declared, label);
    if (undeclared) problems.push(undeclared);
    const migrate = run([
      "d1",
      "migrations",
      "apply",
      "DB",
      "--local",
      "--persist-to",
      path.join(out, "state"),
      ...flag,
    ]);
    if (!migrate.ok)
      problems.push(
        `migrations do not apply to a fresh local D1:\n${migrate.output.trim().split("\n").slice(-10).join("\n")}`,
      );
    else console.log(`${label}: migrations apply to a fresh local D1`);
    if (!values["skip-start"] && build.ok && migrate.ok) {
      const started = await startsUp(
        wrangler,
        ["dev", "--local", "--ip", "127.0.0.1", "--persist-to", path.join(out, "state"), ...flag],
        { cwd: ROOT, env: { WRANGLER_SEND_METRICS: "false", CI: "true" } },
      );
      if (started) problems.push(`start-up: ${started}`);
      else console.log(`${label}: starts and answers GET /health`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (problems.length) failures.push(`${label}:\n  - ${problems.join("\n  - ")}`);
}
if (failures.length) {
  console.error(`deploy:check failed\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`deploy:check passed for ${envs.map((env) => env || "top level").join(", ")}`);
