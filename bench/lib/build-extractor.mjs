// Bundles the TypeScript extractor into a temporary ES module so Node can run it without a TS loader.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("../../src/core/research/extract/index.ts", import.meta.url));

export async function loadExtractor() {
  const outfile = join(mkdtempSync(join(tmpdir(), "extract-bench-")), "extract.mjs");
  await build({ entryPoints: [ENTRY], outfile, bundle: true, format: "esm", platform: "node", logLevel: "error" });
  return import(pathToFileURL(outfile).href);
}
