import { readFile } from "node:fs/promises";
import { EXIT, usageError } from "../errors.mjs";
import { requestFields, WRITING_OPTIONS } from "../options.mjs";

export const options = { ...WRITING_OPTIONS, json: { type: "boolean" } };

/** One keyword a line; blank lines and `#` comments are skipped. */
function keywordsOf(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

export async function batch({ client, values, positionals, out }) {
  const [file] = positionals;
  if (!file || positionals.length > 1) throw usageError("batch needs one file: optiblog batch keywords.txt");
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw usageError(`cannot read ${file}: ${error.code ?? error.message}`);
  }
  const keywords = keywordsOf(text);
  if (!keywords.length) throw usageError(`${file} has no keywords (one a line)`);
  const created = await client.json("POST", "/v1/batches", { keywords, ...requestFields(values) });
  const progress = await client.json("GET", `/v1/batches/${encodeURIComponent(created.id)}`);
  if (values.json) {
    out.write(`${JSON.stringify({ ...created, counts: progress.counts }, null, 2)}\n`);
    return EXIT.ok;
  }
  const counts = Object.entries(progress.counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  out.write(`batch ${created.id}: ${progress.size ?? created.jobs?.length} jobs for ${keywords.length} keywords`);
  out.write(`${counts.length ? ` (${counts.join(", ")})` : ""}\n`);
  for (const job of created.jobs ?? []) out.write(`  ${job.id}  ${job.keyword}\n`);
  return EXIT.ok;
}
