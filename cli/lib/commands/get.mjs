import { writeFile } from "node:fs/promises";
import { EXIT, usageError } from "../errors.mjs";

export const options = { format: { type: "string", default: "md" }, output: { type: "string", short: "o" } };

const FORMATS = {
  md: { query: "markdown", accept: "text/markdown" },
  markdown: { query: "markdown", accept: "text/markdown" },
  html: { query: "html", accept: "text/html" },
  json: { query: "json", accept: "application/json" },
};

export async function get({ client, values, positionals, out, err }) {
  const [id] = positionals;
  if (!id || positionals.length > 1) throw usageError("get needs exactly one job id: optiblog get <id> --format md");
  const format = FORMATS[values.format];
  if (!format) throw usageError(`--format must be md, html or json, got "${values.format}"`);
  let body = await client.text(`/v1/articles/${encodeURIComponent(id)}?format=${format.query}`, format.accept);
  if (format.query === "json") body = `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
  if (values.output) {
    await writeFile(values.output, body);
    err.write(`wrote ${values.output} (${Buffer.byteLength(body)} bytes)\n`);
  } else {
    out.write(body);
  }
  return EXIT.ok;
}
