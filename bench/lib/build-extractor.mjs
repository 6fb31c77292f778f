// Bundles the TypeScript extractor into a temporary ES module so Node can run it without a TS loader.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("../../src/core/research/extract/index.ts", import.meta.url));
/** The extractor with the parts that read a page's blocks (`--ceilings` of the benchmark). */
export const PARTS_ENTRY = fileURLToPath(new URL("./extract-parts.ts", import.meta.url));
const READABILITY = createRequire(import.meta.url).resolve("@mozilla/readability");
const COUNTED = "readability-counted";

/**
 * The extractor, and `readabilityRuns()`: how many times it has run Readability so far. The count comes from
 * the bundle's own copy of Readability, whose `parse` is wrapped to count its calls; nothing else changes.
 */
export async function loadExtractor(entry = ENTRY) {
  const outfile = join(mkdtempSync(join(tmpdir(), "extract-bench-")), "extract.mjs");
  const counted = {
    name: COUNTED,
    setup(plugin) {
      plugin.onResolve({ filter: /^@mozilla\/readability$/ }, (args) =>
        args.importer === COUNTED ? { path: READABILITY } : { path: COUNTED, namespace: COUNTED },
      );
      plugin.onLoad({ filter: /.*/, namespace: COUNTED }, () => ({
        contents: `import { Readability as Base } from "@mozilla/readability";
          export class Readability extends Base {
            parse() { globalThis.__readabilityRuns = (globalThis.__readabilityRuns ?? 0) + 1; return super.parse(); }
          }`,
        resolveDir: join(READABILITY, ".."),
      }));
    },
  };
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "error",
    plugins: [counted],
  });
  const extractor = await import(pathToFileURL(outfile).href);
  return { ...extractor, readabilityRuns: () => globalThis.__readabilityRuns ?? 0 };
}
