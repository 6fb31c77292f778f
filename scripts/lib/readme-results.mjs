import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "README.md");

/**
 * Replaces the README's block between `<!-- results:NAME -->` and `<!-- /results:NAME -->` with `markdown`, so a
 * command's figures in the README are the ones it printed (commands do it when run with `--readme`).
 */
export function writeReadmeResults(name, markdown, file = README) {
  const open = `<!-- results:${name} -->`;
  const close = `<!-- /results:${name} -->`;
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`${path.basename(file)} has no ${open} … ${close} block`);
  writeFileSync(file, `${text.slice(0, start + open.length)}\n${markdown.trim()}\n${text.slice(end)}`);
}

/** A Markdown table from a header row and rows of cells, padded to its columns as the formatter lays it out. */
export function markdownTable(header, rows) {
  const table = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(3, ...table.map((row) => [...(row[i] ?? "")].length)));
  const line = (cells) => `| ${cells.map((cell, i) => cell + " ".repeat(widths[i] - [...cell].length)).join(" | ")} |`;
  const [head, ...body] = table;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
