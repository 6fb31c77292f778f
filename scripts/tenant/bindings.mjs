// Which env names the code reads, and which an environment of wrangler.toml declares.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Names read as `env.NAME` or `c.env.NAME` anywhere under src/ (optional settings are read through schemas). */
export function readNames(srcDir) {
  const names = new Set();
  for (const file of readdirSync(srcDir, { recursive: true })) {
    if (!/\.tsx?$/.test(String(file))) continue;
    const text = readFileSync(path.join(srcDir, String(file)), "utf8");
    for (const match of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)) names.add(match[1]);
    for (const match of text.matchAll(/\b[a-z]+:\s*"([A-Z][A-Z0-9]*_QUEUE)"/g)) names.add(match[1]);
  }
  return [...names].sort();
}

/** Every binding, var and secret name an environment (its merged section of wrangler.toml) provides. */
export function declaredNames(section, secrets) {
  const names = new Set([...Object.keys(section.vars ?? {}), ...secrets]);
  for (const db of section.d1_databases ?? []) names.add(db.binding);
  for (const kv of section.kv_namespaces ?? []) names.add(kv.binding);
  for (const queue of section.queues?.producers ?? []) names.add(queue.binding);
  for (const durable of section.durable_objects?.bindings ?? []) names.add(durable.name);
  for (const dataset of section.analytics_engine_datasets ?? []) names.add(dataset.binding);
  if (section.ai?.binding) names.add(section.ai.binding);
  if (section.assets?.binding) names.add(section.assets.binding);
  return names;
}

/**
 * The deploy check's problem when the code reads names an environment does not declare, naming each and where it
 * goes; undefined when every name read is declared.
 */
export function undeclaredProblem(read, declared, label) {
  const missing = read.filter((name) => !declared.has(name));
  if (missing.length === 0) return undefined;
  const where =
    label === "top level" ? "the top level of wrangler.toml" : `[${label.replace(" ", ".")}] of wrangler.toml`;
  return (
    `the code reads ${missing.join(", ")}, which ${label} does not declare: add ${missing.length === 1 ? "it" : "each"} ` +
    `to ${where} as a binding or a var, or list it in .dev.vars.example as a secret`
  );
}
