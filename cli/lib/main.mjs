import { parseArgs } from "node:util";
import { createClient } from "./client.mjs";
import * as batchCommand from "./commands/batch.mjs";
import * as generateCommand from "./commands/generate.mjs";
import * as getCommand from "./commands/get.mjs";
import * as statusCommand from "./commands/status.mjs";
import { CliError, EXIT, usageError } from "./errors.mjs";
import { USAGE } from "./usage.mjs";

const COMMANDS = {
  generate: { options: generateCommand.options, run: generateCommand.generate },
  status: { options: statusCommand.options, run: statusCommand.status },
  get: { options: getCommand.options, run: getCommand.get },
  batch: { options: batchCommand.options, run: batchCommand.batch },
};

const COMMON = { url: { type: "string" }, key: { type: "string" }, help: { type: "boolean", short: "h" } };

function parse(name, command, args) {
  try {
    return parseArgs({ args, options: { ...COMMON, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's own message for an unknown option leaves a quote open and suggests `--`: say it plainly instead.
    if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const option = /'([^']+)'/.exec(error.message)?.[1] ?? "";
      throw usageError(`unknown option "${option}" for ${name}`);
    }
    throw usageError(error.message);
  }
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function main(argv, { env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    (name ? stdout : stderr).write(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  try {
    const command = COMMANDS[name];
    if (!command) throw usageError(`unknown command "${name}" (try: generate, status, get, batch)`);
    const { values, positionals } = parse(name, command, rest);
    if (values.help) {
      stdout.write(USAGE);
      return EXIT.ok;
    }
    const url = values.url ?? env.OPTIBLOG_URL ?? "http://127.0.0.1:8787";
    const key = values.key ?? env.OPTIBLOG_KEY;
    if (!key) throw usageError("no API key: pass --key or set OPTIBLOG_KEY");
    if (!/^https?:\/\//.test(url)) throw usageError(`--url must start with http:// or https://, got "${url}"`);
    const client = createClient({ url, key });
    return await command.run({ client, values, positionals, out: stdout, err: stderr });
  } catch (error) {
    if (!(error instanceof CliError)) {
      stderr.write(`optiblog: unexpected error: ${error?.stack ?? error}\n`);
      return EXIT.unreachable;
    }
    stderr.write(`optiblog: ${error.message}\n`);
    for (const detail of error.details) stderr.write(`  - ${detail}\n`);
    if (error.exitCode === EXIT.usage) stderr.write("run optiblog --help for usage\n");
    return error.exitCode;
  }
}
