import { parseArgs } from "node:util";

/**
 * A command's options read from `argv`: `{ help: true }` for `--help` or `-h`, `{ error }` for an unknown option,
 * a missing value or a stray argument, else what `parseArgs` reads (`values`, `positionals`).
 */
export function parseOptions(config, argv) {
  const options = { ...config.options, help: { type: "boolean", short: "h" } };
  try {
    const parsed = parseArgs({ ...config, options, args: argv });
    return parsed.values.help ? { help: true } : { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads the command line's options: `--help` prints `usage` and exits 0; an option the command does not know
 * prints what is wrong and `usage` and exits 2, where a stack trace used to be all there was to read.
 */
export function readOptions(config, usage, argv = process.argv.slice(2)) {
  const read = parseOptions(config, argv);
  if (read.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (read.error !== undefined) {
    process.stderr.write(`${read.error}\n\n${usage}\n`);
    process.exit(2);
  }
  return read;
}
