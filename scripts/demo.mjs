#!/usr/bin/env node
// npm run demo [-- "keyword"] [--keep] [--keep-running]: the whole job, offline, on this machine.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "../cli/lib/client.mjs";
import { formatScores } from "../cli/lib/commands/generate.mjs";
import { watchJob } from "../cli/lib/watch.mjs";
import { readOptions } from "./lib/cli.mjs";
import { writeArticleFiles } from "./lib/demo-output.mjs";
import { preferredPort } from "./lib/ports-preferred.mjs";
import { startStack } from "./lib/stack.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_KEYWORD = "raised bed vegetable garden";

const USAGE = `npm run demo [-- "keyword"] [--keep] [--keep-running] [--port N] [--fixtures-port N] [--timeout s] [--out dir]
  Starts the fixture web and wrangler dev, generates one article, writes <dir>/<slug>.{html,md,json}, stops.
  --out           where the article files go (default out/)
  --keep          keep the local state in .wrangler/demo-state instead of a temp dir
  --keep-running  leave the server up for the dashboard until Ctrl-C`;
const { values, positionals } = readOptions(
  {
    allowPositionals: true,
    options: {
      keep: { type: "boolean" },
      "keep-running": { type: "boolean" },
      port: { type: "string" },
      "fixtures-port": { type: "string" },
      timeout: { type: "string", default: "300" },
      out: { type: "string", default: "out" },
    },
  },
  USAGE,
);

const keyword = positionals.join(" ").trim() || DEFAULT_KEYWORD;
const log = (line) => console.log(line);
let stack;
let stopping;

async function shutdown(code, message) {
  stopping ??= (async () => {
    if (message) console.error(message);
    if (stack) {
      log("stopping wrangler dev and the fixture web…");
      await stack.stop();
    }
    process.exit(code);
  })();
  return stopping;
}

process.on("SIGINT", () => shutdown(130, "\ninterrupted"));
process.on("SIGTERM", () => shutdown(143, "terminated"));

/** wrangler dev reads `.dev.vars` itself; this only says up front which writer to expect. */
function llmConfigured() {
  const file = path.join(ROOT, ".dev.vars");
  if (!existsSync(file)) return false;
  const providers = readFileSync(file, "utf8").match(/^\s*LLM_PROVIDERS\s*=\s*['"]?(.*?)['"]?\s*$/m)?.[1];
  return Boolean(providers && providers !== "[]");
}

function usageLine(usage) {
  if (!usage?.inputTokens && !usage?.outputTokens) return "";
  return ` · ${usage.calls} model calls, ${usage.inputTokens} in / ${usage.outputTokens} out tokens, $${usage.costUsd.toFixed(4)}`;
}

async function runDemo() {
  const started = Date.now();
  log(`OptiBlog Edge demo — keyword: "${keyword}"`);
  log(
    llmConfigured()
      ? "LLM_PROVIDERS is set in .dev.vars: the LLM writer will be used"
      : "no LLM configured (LLM_PROVIDERS in .dev.vars): the built-in extractive writer will be used",
  );
  log("starting the fixture web and wrangler dev (local D1, KV, Queues, Durable Objects)…");
  stack = await startStack({
    port: values.port ? Number(values.port) : await preferredPort(8787),
    fixturesPort: values["fixtures-port"] ? Number(values["fixtures-port"]) : await preferredPort(8790),
    persistTo: values.keep ? path.join(ROOT, ".wrangler", "demo-state") : undefined,
    vars: { LLM_PROVIDERS: null },
  });
  log(
    `server ${stack.baseUrl} · fixture web ${stack.fixturesUrl} · ready in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );

  const key = await stack.createTenantKey("Demo tenant");
  const client = createClient({ url: stack.baseUrl, key });
  const job = await client.json("POST", "/v1/articles", { keyword });
  log(`job ${job.id} submitted`);

  const { final, progress } = await watchJob(client, job.id, {
    timeoutMs: Number(values.timeout) * 1000,
    stream: process.stdout,
    label: "  ",
  });
  if (final.status !== "completed") {
    throw new Error(`the job failed: ${final.error ? `${final.error.code}: ${final.error.message}` : final.status}`);
  }
  const files = await writeArticleFiles(client, final, path.resolve(ROOT, values.out));
  const usable = final.sources?.filter((s) => s.status === "ok").length ?? 0;
  log("");
  log(`"${final.article?.title}"`);
  log(
    `  scores:   ${formatScores(final.scores)} — ${final.passed ? "passed" : "below the threshold; best draft kept"}`,
  );
  log(
    `  attempts: ${final.attempts} · sources: ${usable} usable of ${final.sources?.length ?? 0} · words: ${final.article?.wordCount ?? "?"}`,
  );
  if (progress.writer) log(`  writer:   ${progress.writer}${usageLine(final.usage)}`);
  for (const source of final.sources?.filter((s) => s.status !== "ok") ?? []) {
    const why = source.detail
      ? `${source.reason ?? source.status}: ${source.detail}`
      : (source.reason ?? source.status);
    log(`  skipped:  ${source.url} (${why})`);
  }
  for (const file of files) log(`  wrote     ${path.relative(process.cwd(), file)}`);
  if (values["keep-running"]) {
    log(`  dashboard ${stack.baseUrl}/dashboard (sign in with the API key ${key})`);
  } else {
    // The server stops with the demo: a bare URL here would already be dead when someone opens it.
    log(`  dashboard stops with the demo: run it with --keep-running to browse ${stack.baseUrl}/dashboard`);
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

try {
  await runDemo();
  if (values["keep-running"]) {
    log("\n--keep-running: the server stays up; press Ctrl-C to stop it");
  } else {
    await shutdown(0);
  }
} catch (error) {
  const output = stack?.workerOutput?.slice(-15).join("\n");
  await shutdown(
    1,
    `\ndemo failed: ${error.message}${output ? `\n--- last lines from wrangler dev ---\n${output}` : ""}`,
  );
}
