import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of the design, held to the code: the core is written against its ports and knows no adapter,
 * composition or edge; the edges (routes) translate and build nothing, reading the graphs composition made for
 * the request (`c.get("jobs")`, `c.get("edge")`), so they import adapters and composition for types only.
 */
const SRC = path.resolve(import.meta.dirname, "../../src");

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield full;
  }
}

interface Import {
  file: string;
  /** The imported module, relative to src/ when it is one of the project's, else as written. */
  target: string;
  typeOnly: boolean;
}

/** Every static import and re-export of the files under `dir` (relative to src/). */
function importsUnder(dir: string): Import[] {
  const found: Import[] = [];
  for (const file of sourceFiles(path.join(SRC, dir))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\sfrom\s+"([^"]+)";/gms)) {
      const specifier = match[3] as string;
      const target = specifier.startsWith(".")
        ? path
            .relative(SRC, path.resolve(path.dirname(file), specifier))
            .split(path.sep)
            .join("/")
        : specifier;
      found.push({ file: path.relative(SRC, file).split(path.sep).join("/"), target, typeOnly: Boolean(match[2]) });
    }
  }
  return found;
}

const inside = (target: string, ...dirs: string[]) =>
  dirs.some((dir) => target === dir || target.startsWith(`${dir}/`));

describe("the layers", () => {
  it("finds the imports it judges", () => {
    const core = importsUnder("core");
    expect(core.length).toBeGreaterThan(300);
    expect(core.some((i) => i.target.startsWith("core/"))).toBe(true);
    const routes = importsUnder("routes");
    expect(routes.some((i) => i.target === "http/router")).toBe(true);
    // Type imports are read as such: the request context names the graphs' types.
    expect(importsUnder("http").some((i) => i.target === "composition/edge" && i.typeOnly)).toBe(true);
  });

  it("keeps the core free of adapters, composition and edges", () => {
    const outward = importsUnder("core").filter((i) =>
      inside(i.target, "adapters", "composition", "routes", "http", "middleware", "queues", "durable", "dashboard"),
    );
    expect(outward.map((i) => `${i.file} -> ${i.target}`)).toEqual([]);
  });

  it("has routes build no adapter: they import adapters and composition for types only", () => {
    const building = importsUnder("routes").filter((i) => !i.typeOnly && inside(i.target, "adapters", "composition"));
    expect(building.map((i) => `${i.file} -> ${i.target}`)).toEqual([]);
  });
});
