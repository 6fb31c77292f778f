import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { readWranglerToml } from "../../scripts/tenant/wrangler-toml.mjs";

const ROOT = path.join(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "wrangler-toml-"));
const malformed = path.join(dir, "wrangler.toml");
writeFileSync(malformed, 'name = "optiblog-edge"\n[[d1_databases]\nbinding = "DB"\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runScript(script: string, args: string[], config = malformed) {
  return promisify(execFile)(process.execPath, [path.join(ROOT, "scripts", script), ...args], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_CONFIG: config },
  }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => error,
  );
}

describe("a malformed wrangler.toml", () => {
  it("reads as one line with the file, where the parser stopped and its message", () => {
    expect(readWranglerToml(malformed)).toEqual({
      problem: `${malformed}:2:16: Invalid TOML document: expected end of table array declaration`,
    });
    expect(readWranglerToml(path.join(dir, "missing.toml"))).toEqual({
      problem: `${path.join(dir, "missing.toml")}: cannot be read (ENOENT)`,
    });
  });

  it.each([
    ["deploy-check.mjs", "deploy:check", ["--skip-start"]],
    ["tenant-new.mjs", "tenant:new", ["acme"]],
  ])("makes %s print that line, no stack trace, and exit 2", async (script, command, args) => {
    const { code, stderr } = await runScript(script, args);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `${command}: ${malformed}:2:16: Invalid TOML document: expected end of table array declaration`,
    );
  });

  it.each([
    [
      "deploy-check.mjs",
      "deploy:check",
      ["--skip-start"],
      '\n[env.acme]\n[env.acme.d1_databases]\nbinding = "DB"\n',
      "env.acme.d1_databases is not an array of tables: write each entry under [[env.acme.d1_databases]]",
    ],
    [
      "tenant-new.mjs",
      "tenant:new",
      ["acme"],
      '\n[durable_objects]\nbindings = { name = "GUARD", class_name = "Guard" }\n',
      "durable_objects.bindings is not an array of tables: write each entry under [[durable_objects.bindings]]",
    ],
  ])(
    "makes %s name a table written where wrangler wants an array of tables, and exit 2",
    async (script, command, args, toml, problem) => {
      const file = path.join(dir, `${command.replace(":", "-")}-shape.toml`);
      writeFileSync(file, `name = "blog"\n${toml}`);
      const { code, stderr } = await runScript(script, args, file);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`${command}: ${file}: ${problem}`);
    },
  );
});
