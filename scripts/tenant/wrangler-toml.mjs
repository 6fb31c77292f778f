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
  try {
    return { config: parse(text) };
  } catch (error) {
    // The parser's message is its first line; the lines after it quote the document around the error.
    const message = String(error.message).split("\n")[0];
    const where = Number.isInteger(error.line) ? `:${error.line}:${error.column}` : "";
    return { problem: `${file}${where}: ${message}` };
  }
}

/** The parsed wrangler.toml, or exits 2 after printing `<command>: <problem>` on stderr. */
export function loadWranglerToml(file, command) {
  const { config, problem } = readWranglerToml(file);
  if (problem === undefined) return config;
  console.error(`${command}: ${problem}`);
  process.exit(2);
}
