// Reading wrangler.toml for the tenant and deploy scripts: a file that cannot be read or parsed is one line to
// read (the file, where the parser stopped, what it found), not a stack trace.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

/** `{ config }` parsed from `file`, or `{ problem }`: `<file>:<line>:<column>: <the parser's message>`. */
export function readWranglerToml(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { problem: `${file}: cannot be read (${error.code ?? error.message})` };
  }
  let config;
  try {
    config = parse(text);
  } catch (error) {
    // The parser's message is its first line; the lines after it quote the document around the error.
    const message = String(error.message).split("\n")[0];
    const where = Number.isInteger(error.line) ? `:${error.line}:${error.column}` : "";
    return { problem: `${file}${where}: ${message}` };
  }
  const shape = shapeProblem(config);
  return shape ? { problem: `${file}: ${shape}` } : { config };
}

// The keys the scripts read as arrays of tables (`[[d1_databases]]`), by their path in a section.
const TABLE_ARRAYS = [
  ["d1_databases"],
  ["kv_namespaces"],
  ["analytics_engine_datasets"],
  ["queues", "producers"],
  ["queues", "consumers"],
  ["durable_objects", "bindings"],
];
const isTable = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What in a parsed wrangler.toml has a shape the scripts (and wrangler) cannot read, such as `[d1_databases]`
 * written for `[[d1_databases]]`; undefined when nothing.
 */
function shapeProblem(config) {
  if (config.env !== undefined && !isTable(config.env)) return "env is not a table of [env.<name>] tables";
  const sections = [["", config], ...Object.entries(config.env ?? {}).map(([name, env]) => [`env.${name}`, env])];
  for (const [prefix, section] of sections) {
    if (!isTable(section)) return `${prefix} is not a table`;
    for (const keys of TABLE_ARRAYS) {
      const value = keys.reduce((at, key) => (isTable(at) ? at[key] : undefined), section);
      const name = [prefix, ...keys].filter(Boolean).join(".");
      if (value !== undefined && !(Array.isArray(value) && value.every(isTable)))
        return `${name} is not an array of tables: write each entry under [[${name}]]`;
    }
  }
  return undefined;
}

/** The parsed wrangler.toml, or exits 2 after printing `<command>: <problem>` on stderr. */
export function loadWranglerToml(file, command) {
  const { config, problem } = readWranglerToml(file);
  if (problem === undefined) return config;
  console.error(`${command}: ${problem}`);
  process.exit(2);
}
