import { readFile } from "node:fs/promises";
import { EXIT, usageError } from "../errors.mjs";
import { requestFields, WRITING_OPTIONS } from "../options.mjs";

export const options = { ...WRITING_OPTIONS, json: { type: "boolean" } };

/** One keyword a line; blank lines and `#` comments are skipped. */
export function keywordsOf(text) {
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
  const fields = requestFields(values);
  const created = await client.json("POST", "/v1/batches", {
    items: keywords.map((keyword) => ({ keyword, ...fields })),
  });
  if (values.json) {
    out.write(`${JSON.stringify(created, null, 2)}\n`);
    return EXIT.ok;
  }
  const counts = created.counts ? Object.entries(created.counts).map(([k, v]) => `${k} ${v}`) : [];
  out.write(
    `batch ${created.id}: ${keywords.length} keywords submitted${counts.length ? ` (${counts.join(", ")})` : ""}\n`,
  );
  out.write(`follow it: GET /v1/batches/${created.id}\n`);
  return EXIT.ok;
}
