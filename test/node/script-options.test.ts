import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../scripts/lib/cli.mjs";

const ROOT = join(import.meta.dirname, "../..");
const run = promisify(execFile);

/** The benchmark and script sources, with subfolders. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.(mjs|ts)$/.test(name) && !name.endsWith(".d.mts"))
    .map((name) => join(folder, name));
}

describe("the scripts' command-line options", () => {
  const config = { options: { jobs: { type: "string", default: "4" }, readme: { type: "boolean" } } } as const;

  it("reads known options with their defaults, and asks for the usage on --help or -h", () => {
    expect(parseOptions(config, ["--readme"])).toMatchObject({ values: { jobs: "4", readme: true } });
    expect(parseOptions(config, ["--jobs", "9"])).toMatchObject({ values: { jobs: "9" } });
    expect(parseOptions(config, ["--help"])).toEqual({ help: true });
    expect(parseOptions(config, ["--jobs", "2", "-h"])).toEqual({ help: true });
  });

  it("names an unknown option, a missing value or a stray argument instead of throwing", () => {
    expect(parseOptions(config, ["--job", "9"])).toEqual({ error: expect.stringContaining("--job") });
    expect(parseOptions(config, ["--jobs"])).toEqual({ error: expect.stringContaining("--jobs") });
    expect(parseOptions(config, ["extra"])).toEqual({ error: expect.stringContaining("extra") });
  });

  it("is how every benchmark and script reads its options", () => {
    const direct = [...sources("bench"), ...sources("scripts")].filter(
      (file) =>
        file !== join("scripts", "lib", "cli.mjs") && /\bparseArgs\b/.test(readFileSync(join(ROOT, file), "utf8")),
    );
    expect(direct).toEqual([]);
  });

  it("answers a mistyped option with the usage and exit code 2, and --help with the usage and 0", async () => {
    const bench = join(ROOT, "bench", "extract.mjs");
    const mistyped = await run(process.execPath, [bench, "--repeats", "3"]).catch((error) => error);
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr).toContain("'--repeats'");
    expect(mistyped.stderr).toContain("npm run bench:extract -- [--data DIR]");
    expect(mistyped.stderr).not.toMatch(/^\s+at /m);
    const help = await run(process.execPath, [bench, "--help"]);
    expect(help.stdout).toContain("npm run bench:extract -- [--data DIR]");
  });
});
